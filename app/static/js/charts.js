// Draws every figure of the page from its data-figure attribute with the plotly.js the app serves itself.
// No inline scripts; the tables below the charts carry the same figures, so a failure here hides nothing.
//
// The Content-Security-Policy refuses inline styles without the request's nonce, and plotly.js creates
// <style> elements for its hover labels and mode bar. This script is loaded before plotly.js with the
// nonce, and gives it to every <style> element created on this page (a script we serve could read the
// nonce anyway; injected markup still can't create one). Its colour bars also clear their rectangles with
// style="", an inline style too: removing the attribute does the same and needs no exception.
(function () {
  var setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (String(name).toLowerCase() === "style" && value === "") { return this.removeAttribute(name); }
    return setAttribute.apply(this, arguments);
  };
  var nonce = document.currentScript && document.currentScript.nonce;
  if (!nonce) { return; }
  var createElement = document.createElement;
  document.createElement = function (tagName) {
    var element = createElement.apply(document, arguments);
    if (String(tagName).toLowerCase() === "style") { element.nonce = nonce; }
    return element;
  };
})();

// plotly.js is 4.8 MB of script: compiling it took about a second of the page's first view (1.7 s to the
// first screen of the dashboard). Pages that give its address in this script's data-plotly load it once the
// page is shown (the "load" event), so figures and tables come first; pages that load it themselves still work.
(function () {
  var script = document.currentScript;
  var plotlyUrl = script && script.getAttribute("data-plotly");
  var nonce = script && script.nonce;
  // The house conventions for figures stored before them (a post keeps the figure it was generated with).
  var separators = /^it\b/.test(document.documentElement.lang || "it") ? ",." : ".,";

  function conventions(layout) {
    layout.separators = layout.separators || separators;
    Object.keys(layout).forEach(function (key) {
      if (/^[xy]axis\d*$/.test(key)) {
        var axis = layout[key];
        if (axis.exponentformat === undefined) { axis.exponentformat = "none"; }
        if (axis.separatethousands === undefined) { axis.separatethousands = true; }
      }
    });
    return layout;
  }

  function draw() {
    var config = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["sendDataToCloud"] };
    document.querySelectorAll("[data-figure]").forEach(function (element) {
      try {
        var figure = JSON.parse(element.getAttribute("data-figure"));
        window.Plotly.newPlot(element, figure.data, conventions(figure.layout || {}), config);
      } catch (error) {
        element.setAttribute("hidden", "");
        if (window.console) { console.error("chart", element.id, error); }
      }
    });
  }

  function withPlotly(callback) {
    if (window.Plotly) { return callback(); }
    var tag = document.querySelector('script[src*="/assets/plotly-"]');
    if (!tag && plotlyUrl) {
      tag = document.createElement("script");
      tag.src = plotlyUrl;
      if (nonce) { tag.nonce = nonce; }
      document.head.appendChild(tag);
    }
    if (tag) { tag.addEventListener("load", callback); }
  }

  if (plotlyUrl) {
    window.addEventListener("load", function () {
      if (document.querySelector("[data-figure]")) { withPlotly(draw); }
    });
  } else {
    document.addEventListener("DOMContentLoaded", function () { if (window.Plotly) { draw(); } });
  }
})();
