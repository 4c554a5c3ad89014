// Draws every figure of the page from its data-figure attribute with the plotly.js the app serves itself.
// No inline scripts (the Content-Security-Policy allows only 'self'); the tables below the charts carry the
// same figures, so a failure here hides nothing.
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
