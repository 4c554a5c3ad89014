// Autosave for long forms (the evaluation card, a plan draft's chapter, minutes, a meeting): never lose what people type.
// - a copy of the form goes to localStorage on every keystroke (survives a closed tab or an expired session);
// - a few seconds after typing stops, and when the page is hidden, the form is posted to the JSON endpoint
//   with the version it was loaded from; the server answers the new version, or 409 with both versions.
// Without JavaScript the form's own buttons still save and send.
(function () {
  "use strict";
  var form = document.getElementById("card-form") || document.querySelector("form[data-autosave-url]");
  if (!form || !form.dataset.autosaveUrl || !window.fetch) { return; }

  var DELAY = 2000;
  var url = form.dataset.autosaveUrl;
  var key = form.dataset.storageKey;
  var msg = document.getElementById("autosave-messages").dataset;
  var statusBox = document.getElementById("autosave-status");
  var conflictBox = document.getElementById("autosave-conflict");
  var restoreBox = document.getElementById("autosave-restore");
  var versionInput = form.querySelector("input[name=version]");
  var timer = null, inflight = null, dirty = false, locked = false;

  function text(template, time) { return template.replace("{time}", time); }
  // One clock: the district's time (Europe/Rome), 24 hours, whatever the zone of this computer.
  var romeHour = window.Intl ? new Intl.DateTimeFormat("it-IT", { timeZone: "Europe/Rome", hour: "2-digit",
                                                                   minute: "2-digit", hourCycle: "h23" }) : null;
  function hhmm(date) {
    if (romeHour) { return romeHour.format(date); }
    return ("0" + date.getHours()).slice(-2) + ":" + ("0" + date.getMinutes()).slice(-2);
  }
  function setStatus(message) { statusBox.textContent = message; }

  function formValues() {
    var values = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && name !== "csrf_token" && name !== "version") { values.push([name, value]); }
    });
    return values;
  }

  function storeLocal() {
    try {
      localStorage.setItem(key, JSON.stringify({ version: versionInput.value, at: Date.now(), values: formValues() }));
    } catch (e) { /* storage full or disabled: the server copy is still there */ }
  }
  function readLocal() {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function dropLocal() { try { localStorage.removeItem(key); } catch (e) { /* ignore */ } }

  function applyValues(values) {
    var byName = {};
    values.forEach(function (pair) { (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf_token" || el.name === "version" || el.type === "submit") { return; }
      var given = byName[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = !!given && given.indexOf(el.value) !== -1;
      } else if (given) {
        el.value = given[0];
      }
    });
  }

  function sameAsForm(values) { return JSON.stringify(values) === JSON.stringify(formValues()); }

  function clearFieldErrors() {
    Array.prototype.forEach.call(form.querySelectorAll(".autosave-invalid"), function (el) {
      el.classList.remove("is-invalid", "autosave-invalid");
      el.removeAttribute("aria-invalid");
    });
  }
  function markFieldErrors(errors, prefix) {
    Object.keys(errors || {}).forEach(function (name) {
      var value = errors[name];
      if (Array.isArray(value) && value.length && typeof value[0] === "object") {
        value.forEach(function (sub, i) { markFieldErrors(sub, prefix + name + "-" + i + "-"); });
      } else if (value && !Array.isArray(value) && typeof value === "object") {
        markFieldErrors(value, prefix + name + "-");
      } else {
        var el = form.elements[prefix + name];
        if (el && el.classList) {
          el.classList.add("is-invalid", "autosave-invalid");
          el.setAttribute("aria-invalid", "true");
        }
      }
    });
  }

  function cell(row, tag, content) {
    var el = document.createElement(tag);
    if (tag === "th") { el.scope = "row"; }
    el.style.whiteSpace = "pre-line";
    el.textContent = content;
    row.appendChild(el);
  }
  function button(label, onClick, cls) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-sm me-2 " + (cls || "btn-outline-primary");
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }

  function showConflict(data) {
    conflictBox.textContent = "";
    var p = document.createElement("p");
    p.className = "fw-semibold";
    p.textContent = data.message;
    conflictBox.appendChild(p);
    if (data.differences && data.differences.length) {
      var table = document.createElement("table");
      table.className = "table table-sm bg-white";
      var head = table.createTHead().insertRow();
      [msg.field, msg.mine, msg.theirs].forEach(function (label) {
        var th = document.createElement("th"); th.scope = "col"; th.textContent = label; head.appendChild(th);
      });
      var body = table.createTBody();
      data.differences.forEach(function (d) {
        var row = body.insertRow();
        cell(row, "th", d.label); cell(row, "td", d.mine); cell(row, "td", d.theirs);
      });
      conflictBox.appendChild(table);
    }
    conflictBox.appendChild(button(msg.keep, function () {
      // The user knowingly chooses their version: save it on top of the one now in the database.
      versionInput.value = data.version;
      conflictBox.hidden = true;
      dirty = true;
      save();
    }, "btn-primary"));
    conflictBox.appendChild(button(msg.load, function () { window.location.reload(); }));
    var link = document.createElement("a");
    link.href = data.conflict_url;
    link.textContent = msg.compare;
    conflictBox.appendChild(link);
    conflictBox.hidden = false;
  }

  function handle(response) {
    var type = response.headers.get("content-type") || "";
    if (response.redirected || type.indexOf("application/json") === -1) {
      dirty = true;
      setStatus(msg.expired);
      return null;
    }
    return response.json().then(function (data) {
      if (response.ok) {
        versionInput.value = data.version;
        form.dataset.version = data.version;
        clearFieldErrors();
        var hasErrors = data.errors && Object.keys(data.errors).length;
        markFieldErrors(data.errors, "");
        setStatus(hasErrors ? msg.invalid : text(msg.saved, data.saved_time || hhmm(new Date())));
        // A form saved here only in part (a system action: its rows wait for its own button) keeps its copy
        // on this computer until that button is pressed.
        if (dirty || form.dataset.autosavePartial) { storeLocal(); } else { dropLocal(); }
      } else if (response.status === 409 && data.error === "conflict") {
        dirty = true;
        setStatus(data.message);
        showConflict(data);
      } else if (response.status === 409) {
        locked = true;
        setStatus(msg.locked);
      } else {
        // Refused (bad input, expired page): nothing saved; the fields to correct are marked when named.
        dirty = true;
        clearFieldErrors();
        markFieldErrors(data.errors, "");
        setStatus(data.message || msg.offline);
      }
      return data;
    });
  }

  function save(keepalive) {
    clearTimeout(timer);
    if (!dirty || locked || !conflictBox.hidden) { return Promise.resolve(); }
    if (inflight) { return inflight.then(function () { return save(keepalive); }); }
    dirty = false;
    setStatus(msg.saving);
    inflight = fetch(url, {
      method: "POST", body: new FormData(form), credentials: "same-origin", keepalive: !!keepalive,
      headers: { "Accept": "application/json" }
    }).then(handle).catch(function () {
      dirty = true;
      setStatus(msg.offline);
    }).then(function () { inflight = null; });
    return inflight;
  }

  function changed() {
    dirty = true;
    storeLocal();
    clearTimeout(timer);
    timer = setTimeout(save, DELAY);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { save(true); }
  });
  window.addEventListener("pagehide", function () { save(true); });
  // Back from the browser's page cache: the version shown may be old, so load the card afresh (unsaved
  // text is in localStorage and offered again).
  window.addEventListener("pageshow", function (event) { if (event.persisted) { window.location.reload(); } });
  window.addEventListener("online", function () { if (dirty) { save(); } });

  // A normal submit (save or send) must carry the version an autosave may just have changed.
  form.addEventListener("submit", function (event) {
    clearTimeout(timer);
    if (inflight) {
      event.preventDefault();
      var submitter = event.submitter;
      inflight.then(function () { form.requestSubmit(submitter); });
      return;
    }
    storeLocal();   // if the post fails (expired session) the text is still here
    // The post carries the text now: no autosave as the page goes (it would save over the version the post
    // checks, and a post that only adds a row, saving nothing, would come back with an old version).
    dirty = false;
  });

  // A copy left on this computer by a closed tab or an expired session.
  var local = readLocal();
  if (local && local.values && !sameAsForm(local.values)) {
    var when = hhmm(new Date(local.at));
    if (String(local.version) === String(versionInput.value)) {
      // Nobody saved since that copy was made: put it back and save it.
      applyValues(local.values);
      restoreBox.textContent = msg.restored + " ";
      restoreBox.appendChild(button(msg.discard, function () { dropLocal(); window.location.reload(); }));
      restoreBox.hidden = false;
      dirty = true;
      timer = setTimeout(save, 500);
    } else {
      // The card changed since: offer the copy, never apply it silently.
      restoreBox.textContent = text(msg.restoreText, when) + " ";
      restoreBox.appendChild(button(msg.restore, function () {
        applyValues(local.values);
        restoreBox.hidden = true;
        changed();
      }, "btn-primary"));
      restoreBox.appendChild(button(msg.discard, function () { dropLocal(); restoreBox.hidden = true; }));
      restoreBox.hidden = false;
    }
  } else if (local) {
    dropLocal();
  }

  // "Add a row" for the tables of organizations, resources and indicators.
  Array.prototype.forEach.call(form.querySelectorAll("table[data-rows]"), function (table) {
    var add = button(table.dataset.addLabel || "+", function () {
      var rows = table.tBodies[0].rows;
      var last = rows[rows.length - 1];
      var copy = last.cloneNode(true);
      var index = rows.length;
      var name = table.dataset.rows;
      Array.prototype.forEach.call(copy.querySelectorAll("[name],[id],[for],[aria-describedby]"), function (el) {
        ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value) { el.setAttribute(attr, value.replace(new RegExp(name + "-\\d+-"), name + "-" + index + "-")); }
        });
        if (el.tagName === "LABEL") { el.textContent = el.textContent.replace(/\d+\s*$/, String(index + 1)); }
        if (el.value !== undefined && el.tagName !== "LABEL") { el.value = ""; }
        el.classList.remove("is-invalid");
      });
      Array.prototype.forEach.call(copy.querySelectorAll(".invalid-feedback"), function (el) { el.remove(); });
      table.tBodies[0].appendChild(copy);
      var first = copy.querySelector("input,select");
      if (first) { first.focus(); }
    }, "btn-outline-secondary");
    table.parentNode.insertAdjacentElement("afterend", add);
  });
})();
