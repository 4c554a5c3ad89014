/* The projector wall: polls the wall API with its ETag (a 304 costs almost nothing), redraws the keywords as
   text and sizes them to fit the screen it is on, measuring the real text (no scroll bar, no overlap).
   Buttons and keys: pause (the session's own pause freezes it too), list or word cloud (L), full screen (F;
   Esc leaves it). A session closed while the wall is up reloads the page, which then has no way in. */
(function () {
  "use strict";
  var main = document.getElementById("wall");
  if (!main || !window.fetch) { return; }
  var words = document.getElementById("wall-words");
  var list = document.getElementById("wall-list");
  var empty = document.getElementById("wall-empty");
  var total = document.getElementById("wall-total");
  var status = document.getElementById("wall-status");
  var prompt = document.getElementById("wall-prompt");
  var pauseButton = document.getElementById("wall-pause");
  var modeButton = document.getElementById("wall-mode");
  var fullButton = document.getElementById("wall-fullscreen");
  var pollMs = parseInt(main.getAttribute("data-poll-ms"), 10) || 1500;
  var closed = main.getAttribute("data-state") === "closed";
  var etag = null;
  var localPause = false;
  var serverPause = main.getAttribute("data-paused") === "true";
  var lastDoc = null;
  var shown = null;                          // label -> count on the wall now: what is new gets a highlight
  var LEVELS = 5;                            // as focus_groups/wall.py size_level

  function msg(name) { return main.getAttribute("data-msg-" + name); }

  function sizeLevel(count, largest) {
    return largest <= 1 ? 1 : 1 + Math.round((LEVELS - 1) * Math.sqrt((count - 1) / (largest - 1)));
  }

  /* The largest size of a level-1 word at which every group fits the space left for the words. */
  function fit() {
    var height = words.clientHeight, width = words.clientWidth;
    if (!height || !width || !list.children.length) { return; }
    var low = 4, high = Math.max(8, Math.min(height / 2, width / 6));
    var isList = main.classList.contains("is-list");
    var fits = function (size) {       // scroll sizes are whole pixels: keep two spare
      list.style.setProperty("--wall-scale", size + "px");
      // words wrap in the list's width (a list's columns run off to the right), and the rows stay in its height
      return list.scrollWidth <= list.clientWidth && words.scrollWidth <= width &&
        (isList ? list.scrollHeight <= list.clientHeight : list.scrollHeight <= height - 2);
    };
    if (fits(high)) { return; }
    for (var step = 0; step < 14 && high - low > 0.25; step++) {
      var middle = (low + high) / 2;
      if (fits(middle)) { low = middle; } else { high = middle; }
    }
    fits(low);
  }

  /* The question on one line or two: smaller when it is longer. */
  function fitPrompt() {
    prompt.style.fontSize = "";
    var size = parseFloat(window.getComputedStyle(prompt).fontSize);
    var lines = function () {
      var line = parseFloat(window.getComputedStyle(prompt).lineHeight) || size * 1.2;
      return Math.round(prompt.scrollHeight / line);
    };
    while (lines() > 2 && size > 14) {
      size = size * 0.92;
      prompt.style.fontSize = size + "px";
    }
  }

  function render(doc) {
    var largest = 1;
    doc.groups.forEach(function (g) { if (g.count > largest) { largest = g.count; } });
    var fragment = document.createDocumentFragment();
    var now = {};
    doc.groups.forEach(function (g) {
      var li = document.createElement("li");
      li.className = "wall-word w-" + sizeLevel(g.count, largest);
      if (shown && shown[g.label] !== g.count) { li.className += " is-new"; }
      now[g.label] = g.count;
      var label = document.createElement("span");
      label.className = "wall-label";
      label.textContent = g.label;           // always text: a keyword is never markup
      var count = document.createElement("span");
      count.className = "wall-count";
      count.textContent = String(g.count);
      li.appendChild(label);
      li.appendChild(count);
      fragment.appendChild(li);
    });
    shown = now;
    if (list.replaceChildren) { list.replaceChildren(fragment); } else { list.innerHTML = ""; list.appendChild(fragment); }
    empty.hidden = doc.groups.length > 0;
    if (total) { total.textContent = String(doc.total); }
    fit();
  }

  function showStatus(doc) {
    if (closed) { return; }
    var text = (localPause || serverPause) ? msg("paused") : msg("live");
    if (status.textContent !== text) { status.textContent = text; }
    document.body.classList.toggle("is-paused", localPause || serverPause);
  }

  function poll() {
    var headers = {"Accept": "application/json"};
    if (etag) { headers["If-None-Match"] = etag; }
    fetch(main.getAttribute("data-api"), {headers: headers, cache: "no-store", credentials: "same-origin"})
      .then(function (response) {
        if (response.status === 304) { return null; }
        if (!response.ok) { throw new Error(String(response.status)); }
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (doc) {
        if (doc) {
          if (doc.state === "closed" && !closed) { window.location.reload(); return; }
          lastDoc = doc;
          serverPause = !!doc.paused;
          if (!localPause && !serverPause) { render(doc); }
        }
        showStatus(lastDoc);
      })
      .catch(function () { if (!closed) { status.textContent = msg("offline"); } })
      .then(function () { if (!closed) { setTimeout(poll, pollMs); } });
  }

  function toggleMode() {
    var isList = main.classList.toggle("is-list");
    modeButton.setAttribute("aria-pressed", isList ? "true" : "false");
    modeButton.textContent = isList ? msg("cloud") : msg("list");
    fit();
  }

  function toggleFullScreen() {
    var root = document.documentElement;
    if (document.fullscreenElement) { document.exitFullscreen(); } else if (root.requestFullscreen) { root.requestFullscreen(); }
  }

  if (pauseButton) {
    pauseButton.hidden = false;
    pauseButton.addEventListener("click", function () {
      localPause = !localPause;
      pauseButton.setAttribute("aria-pressed", localPause ? "true" : "false");
      pauseButton.textContent = localPause ? msg("resume") : msg("pause");
      if (!localPause && !serverPause && lastDoc) { render(lastDoc); }
      showStatus(lastDoc);
    });
  }
  modeButton.hidden = false;
  modeButton.addEventListener("click", toggleMode);
  if (document.documentElement.requestFullscreen) {
    fullButton.hidden = false;
    fullButton.addEventListener("click", toggleFullScreen);
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.target.closest("input, textarea, select")) { return; }
    var key = (event.key || "").toLowerCase();
    if (key === "f") { event.preventDefault(); toggleFullScreen(); }
    if (key === "l") { event.preventDefault(); toggleMode(); }
  });
  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () { fitPrompt(); fit(); }, 100);
  });
  document.addEventListener("fullscreenchange", function () { fitPrompt(); fit(); });

  // The page came with the top groups only: draw them all at once, then keep them up to date.
  fetch(main.getAttribute("data-api"), {headers: {"Accept": "application/json"}, credentials: "same-origin"})
    .then(function (response) {
      if (!response.ok) { return null; }
      etag = response.headers.get("ETag");
      return response.json();
    })
    .then(function (doc) {
      if (doc) { lastDoc = doc; render(doc); } else { fit(); }
    })
    .catch(function () { fit(); });
  fitPrompt();
  fit();
  if (!closed) { setTimeout(poll, pollMs); }
})();
