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

document.addEventListener("DOMContentLoaded", function () {
  if (!window.Plotly) { return; }
  var config = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["sendDataToCloud"] };
  document.querySelectorAll("[data-figure]").forEach(function (element) {
    try {
      var figure = JSON.parse(element.getAttribute("data-figure"));
      window.Plotly.newPlot(element, figure.data, figure.layout, config);
    } catch (error) {
      element.setAttribute("hidden", "");
      if (window.console) { console.error("chart", element.id, error); }
    }
  });
});
