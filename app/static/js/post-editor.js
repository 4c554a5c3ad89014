// The post editor: a live preview of the Markdown (rendered and sanitised by the server, so the preview is
// exactly what the public page shows) and images inserted where the cursor is. Saving is autosave.js's job.
// Without JavaScript the "Preview" button and the image form work by plain posts.
(function () {
  "use strict";
  var form = document.getElementById("post-form");
  var preview = document.getElementById("post-preview");
  if (!form || !preview || !window.fetch) { return; }
  var body = form.elements.body;
  var msg = document.getElementById("autosave-messages").dataset;
  var DELAY = 500;
  var timer = null, sent = 0, shown = 0;
  var cursor = null;   // where an image goes: the last cursor in the text, or its end

  function drawCharts() {
    if (!window.Plotly) { return; }
    preview.querySelectorAll("[data-figure]").forEach(function (element) {
      try {
        var figure = JSON.parse(element.getAttribute("data-figure"));
        window.Plotly.newPlot(element, figure.data, figure.layout, { responsive: true, displaylogo: false });
      } catch (error) { element.setAttribute("hidden", ""); }
    });
  }

  function refresh() {
    var number = ++sent;
    var data = new FormData();
    data.append("csrf_token", form.elements.csrf_token.value);
    data.append("body", body.value);
    fetch(form.dataset.previewUrl, { method: "POST", body: data, credentials: "same-origin",
                                     headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (!answer || number < shown) { return; }   // an older answer arriving late is dropped
        shown = number;
        preview.innerHTML = answer.html;   // sanitised by the server (nh3), as on the public page
        drawCharts();
      })
      .catch(function () { /* the preview waits for the next keystroke */ });
  }

  ["keyup", "click", "blur", "select"].forEach(function (name) {
    body.addEventListener(name, function () { cursor = [body.selectionStart, body.selectionEnd]; });
  });
  body.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, DELAY);
  });
  // The preview was drawn by the server at load time; charts.js draws its charts (when loaded).

  // Images: upload, then put the Markdown where the cursor was and let autosave save it.
  var imageForm = document.getElementById("image-form");
  var imageStatus = document.getElementById("image-status");
  if (!imageForm) { return; }
  imageForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var start = cursor ? cursor[0] : body.value.length, end = cursor ? cursor[1] : body.value.length;
    imageStatus.textContent = msg.uploading;
    fetch(imageForm.action, { method: "POST", body: new FormData(imageForm), credentials: "same-origin",
                              headers: { "Accept": "application/json" } })
      .then(function (response) {
        return response.json().then(function (answer) { return { ok: response.ok, answer: answer }; });
      })
      .then(function (result) {
        if (!result.ok) { imageStatus.textContent = result.answer.message || msg.offline; return; }
        var text = (body.value.slice(0, start).trim() ? "\n\n" : "") + result.answer.markdown + "\n\n";
        body.value = body.value.slice(0, start) + text + body.value.slice(end);
        cursor = [start + text.length, start + text.length];
        body.dispatchEvent(new Event("input", { bubbles: true }));
        imageForm.reset();
        imageStatus.textContent = msg.uploaded;
      })
      .catch(function () { imageStatus.textContent = msg.offline; });
  });
})();
