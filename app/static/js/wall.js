/* The projector wall: polls the wall API with its ETag (a 304 costs almost nothing) and redraws the
   keywords as text. The pause button freezes what the room sees; the session's own pause does too. */
(function () {
  "use strict";
  var main = document.getElementById("wall");
  if (!main || !window.fetch) { return; }
  var list = document.getElementById("wall-list");
  var empty = document.getElementById("wall-empty");
  var total = document.getElementById("wall-total");
  var status = document.getElementById("wall-status");
  var pauseButton = document.getElementById("wall-pause");
  var pollMs = parseInt(main.getAttribute("data-poll-ms"), 10) || 1500;
  var etag = null;
  var localPause = false;
  var serverPause = main.getAttribute("data-paused") === "true";
  var lastDoc = null;

  function msg(name) { return main.getAttribute("data-msg-" + name); }

  function showStatus(doc) {
    var text = (localPause || serverPause) ? msg("paused") : (doc && doc.state === "closed") ? msg("closed") : msg("live");
    if (status.textContent !== text) { status.textContent = text; }
    document.body.classList.toggle("is-paused", localPause || serverPause);
  }

  function render(doc) {
    var max = 1;
    doc.groups.forEach(function (g) { if (g.count > max) { max = g.count; } });
    var fragment = document.createDocumentFragment();
    doc.groups.forEach(function (g) {
      var li = document.createElement("li");
      li.className = "wall-word size-" + Math.ceil((g.count / max) * 4);
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
    list.replaceChildren ? list.replaceChildren(fragment) : (list.innerHTML = "", list.appendChild(fragment));
    empty.hidden = doc.groups.length > 0;
    total.textContent = String(doc.total);
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
          lastDoc = doc;
          serverPause = !!doc.paused;
          if (!localPause && !serverPause) { render(doc); }
        }
        showStatus(lastDoc);
      })
      .catch(function () { status.textContent = msg("offline"); })
      .then(function () { setTimeout(poll, pollMs); });
  }

  pauseButton.hidden = false;
  pauseButton.addEventListener("click", function () {
    localPause = !localPause;
    pauseButton.setAttribute("aria-pressed", localPause ? "true" : "false");
    pauseButton.textContent = localPause ? msg("resume") : msg("pause");
    if (!localPause && !serverPause && lastDoc) { render(lastDoc); }
    showStatus(lastDoc);
  });
  setTimeout(poll, pollMs);
})();
