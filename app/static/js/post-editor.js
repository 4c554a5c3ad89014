// The post editor: the text as blocks (sections, texts, charts: templates/posts/_blocks.html), a live preview
// (rendered and sanitised by the server from the same form, so it is exactly what the public page shows), charts
// moved and removed in place, and images inserted where the cursor is. Saving is autosave.js's job.
// Without JavaScript the "Preview" button and the chart buttons work by plain posts.
(function () {
  "use strict";
  var form = document.getElementById("post-form");
  var preview = document.getElementById("post-preview");
  var list = document.getElementById("body");
  if (!form || !preview || !list || !window.fetch) { return; }
  var order = form.elements.blocks;
  var msg = document.getElementById("autosave-messages").dataset;
  var DELAY = 500;
  var timer = null, sent = 0, shown = 0;
  var cursor = null;   // where an image goes: the last textarea and cursor used, or the end of the last text

  function blocks() { return Array.prototype.slice.call(list.querySelectorAll("[data-block]")); }

  // The blocks in the order the form says: autosave.js may have restored a copy kept on this computer.
  function arrange() {
    var byNumber = {};
    blocks().forEach(function (block) { byNumber[block.dataset.block] = block; });
    var wanted = order.value.split(",").filter(function (n) { return byNumber[n]; });
    blocks().forEach(function (block) {
      if (wanted.indexOf(block.dataset.block) === -1) { block.remove(); }
    });
    wanted.forEach(function (n) { list.appendChild(byNumber[n]); });
  }

  function drawCharts(root) {
    if (!window.Plotly) { return; }
    root.querySelectorAll("[data-figure]").forEach(function (element) {
      try {
        var figure = JSON.parse(element.getAttribute("data-figure"));
        window.Plotly.newPlot(element, figure.data, figure.layout, { responsive: true, displaylogo: false });
      } catch (error) { element.setAttribute("hidden", ""); }
    });
  }

  function refresh() {
    var number = ++sent;
    fetch(form.dataset.previewUrl, { method: "POST", body: new FormData(form), credentials: "same-origin",
                                     headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (!answer || number < shown) { return; }   // an older answer arriving late is dropped
        shown = number;
        preview.innerHTML = answer.html;   // sanitised by the server (nh3), as on the public page
        drawCharts(preview);
      })
      .catch(function () { /* the preview waits for the next keystroke */ });
  }

  function changed() {
    order.value = blocks().map(function (block) { return block.dataset.block; }).join(",");
    order.dispatchEvent(new Event("input", { bubbles: true }));   // autosave.js and the preview follow
  }

  function visible(block, step) {
    var next = block[step];
    while (next && next.hidden) { next = next[step]; }
    return next;
  }

  // Chart buttons: move past the neighbouring block the office sees (as posts/blocks.py `moved` does).
  list.addEventListener("click", function (event) {
    var button = event.target.closest("button[name=action]");
    if (!button) { return; }
    event.preventDefault();
    var verb = button.value.split(":")[0];
    var block = button.closest("[data-block]");
    if (verb === "remove") {
      var focus = visible(block, "nextElementSibling") || visible(block, "previousElementSibling");
      block.remove();
      if (focus) { (focus.querySelector("textarea, input:not([type=hidden]), button") || focus).focus(); }
    } else if (verb === "up") {
      var before = visible(block, "previousElementSibling");
      if (before && before.dataset.block) { list.insertBefore(block, before); }
      button.focus();
    } else {
      var after = visible(block, "nextElementSibling");
      if (after) { list.insertBefore(block, after.nextSibling); }
      button.focus();
    }
    changed();
  });
  // Enter in a field saves: the chart buttons only act when pressed.
  list.querySelectorAll("button[name=action]").forEach(function (button) { button.type = "button"; });

  list.addEventListener("focusin", function (event) {
    if (event.target.tagName === "TEXTAREA") { cursor = [event.target, null, null]; }
  });
  ["keyup", "click", "select"].forEach(function (name) {
    list.addEventListener(name, function (event) {
      var area = event.target;
      if (area.tagName === "TEXTAREA") { cursor = [area, area.selectionStart, area.selectionEnd]; }
    });
  });
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, DELAY);
  });
  arrange();
  // The preview was drawn by the server at load time; charts.js draws its charts (when loaded).

  // Images: upload, then put the Markdown where the cursor was and let autosave save it.
  var imageForm = document.getElementById("image-form");
  var imageStatus = document.getElementById("image-status");
  if (!imageForm) { return; }
  imageForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var texts = list.querySelectorAll("textarea");
    var body = cursor && list.contains(cursor[0]) ? cursor[0] : texts[texts.length - 1];
    var start = cursor && cursor[0] === body && cursor[1] !== null ? cursor[1] : body.value.length;
    var end = cursor && cursor[0] === body && cursor[2] !== null ? cursor[2] : body.value.length;
    imageStatus.textContent = imageStatus.dataset.uploading;
    fetch(imageForm.action, { method: "POST", body: new FormData(imageForm), credentials: "same-origin",
                              headers: { "Accept": "application/json" } })
      .then(function (response) {
        return response.json().then(function (answer) { return { ok: response.ok, answer: answer }; });
      })
      .then(function (result) {
        if (!result.ok) { imageStatus.textContent = result.answer.message || msg.offline; return; }
        var text = (body.value.slice(0, start).trim() ? "\n\n" : "") + result.answer.markdown + "\n\n";
        body.value = body.value.slice(0, start) + text + body.value.slice(end);
        cursor = [body, start + text.length, start + text.length];
        body.dispatchEvent(new Event("input", { bubbles: true }));
        imageForm.reset();
        imageStatus.textContent = imageStatus.dataset.uploaded;
      })
      .catch(function () { imageStatus.textContent = msg.offline; });
  });
})();
