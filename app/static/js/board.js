/* The classification board: move keyword groups (chips) between the tray and the four columns by dragging
   them (SortableJS: mouse and touch) or with the keyboard - a focused chip moves between columns with ← →,
   within one with ↑ ↓, and to the tray or column n with 0-4. Each move posts the group's column, position
   and version; a 409 (someone else moved it first) puts it back and says so. Without JavaScript each chip's
   ⋯ menu posts the same form. */
(function () {
  "use strict";
  var status = document.getElementById("board-status");
  var moved = document.getElementById("board-moved");
  var lists = Array.prototype.slice.call(document.querySelectorAll(".pdz-board-list"));
  if (!lists.length || !window.fetch) { return; }

  function say(message) {
    if (!status) { return; }
    status.textContent = message;
    status.classList.remove("d-none");
  }

  function setVersion(item, version) {
    item.dataset.version = version;
    var input = item.querySelector("input[name=version]");
    if (input) { input.value = version; }
  }

  function columnName(list) {
    var heading = document.getElementById(list.getAttribute("aria-labelledby"));
    return heading ? heading.textContent.replace(/\s+/g, " ").trim() : "";
  }

  var token = document.querySelector("input[name=csrf_token]");

  /* Post `fields` to `url` (JSON answer); the data, or null once the refusal or the lost network is said. */
  function post(url, fields) {
    var body = new FormData();
    body.append("csrf_token", token ? token.value : "");
    Object.keys(fields).forEach(function (name) { body.append(name, fields[name]); });
    return fetch(url, {method: "POST", body: body, credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        return response.json().then(function (data) { return {ok: response.ok, data: data}; });
      })
      .then(function (result) {
        if (!result.ok) { say(result.data.message || "Error"); return null; }
        return result.data;
      })
      .catch(function () { say(status ? status.dataset.offline || "Network error" : ""); return null; });
  }

  /* Post where `item` is now; `undo` puts it back when the server refuses. */
  function save(item, undo) {
    var list = item.parentNode;
    return post(item.dataset.url, {column: list.dataset.column || "", version: item.dataset.version,
                                   position: String(Array.prototype.indexOf.call(list.children, item))})
      .then(function (data) {
        if (!data) { undo(); return; }
        Object.keys(data.versions || {}).forEach(function (id) {
          var other = document.getElementById("group-" + id);
          if (other) { setVersion(other, data.versions[id]); }
        });
        var menu = item.querySelector("details");
        if (menu) { menu.open = false; }
      });
  }

  function place(item, list, before) {
    var from = item.parentNode, next = item.nextSibling;
    list.insertBefore(item, before || null);
    item.focus();
    item.classList.add("pdz-chip-moved");
    setTimeout(function () { item.classList.remove("pdz-chip-moved"); }, 1200);
    if (moved) {
      moved.textContent = item.querySelector(".pdz-chip-label").textContent + " → " + columnName(list);
    }
    save(item, function () { from.insertBefore(item, next); item.focus(); });
  }

  document.addEventListener("keydown", function (event) {
    var item = event.target;
    if (!item.classList || !item.classList.contains("pdz-chip") || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var list = item.parentNode, index = lists.indexOf(list), target = null, before = null;
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      target = lists[index + (event.key === "ArrowRight" ? 1 : -1)];
    } else if (/^[0-4]$/.test(event.key)) {
      target = lists.filter(function (l) { return l.dataset.key === event.key; })[0];
    } else if (event.key === "ArrowUp" && item.previousElementSibling) {
      target = list;
      before = item.previousElementSibling;
    } else if (event.key === "ArrowDown" && item.nextElementSibling) {
      target = list;
      before = item.nextElementSibling.nextElementSibling;
    } else {
      return;
    }
    event.preventDefault();
    if (target && !(target === list && before === null && event.key !== "ArrowDown")) { place(item, target, before); }
  });

  // ---- text rewritten in place: a statement becomes a text box, an added column's form saves itself ----
  function announceSaved() {
    if (moved) { moved.textContent = status.dataset.msgSaved; }
  }

  document.querySelectorAll(".pdz-editable").forEach(function (text) {
    var saved = text.innerText;
    text.contentEditable = "true";
    text.setAttribute("role", "textbox");
    text.setAttribute("aria-multiline", "true");
    text.setAttribute("aria-label", status ? status.dataset.msgStatement : "");
    text.setAttribute("spellcheck", "true");
    text.addEventListener("blur", function () {
      var now = text.innerText.replace(/\s+$/, "");
      if (now === saved) { return; }
      var fields = {version: text.dataset.version};
      fields[text.dataset.field] = now;
      post(text.dataset.url, fields).then(function (data) {
        if (data) { saved = data[text.dataset.field]; text.dataset.version = data.version; announceSaved(); }
      });
    });
    text.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); text.blur(); }
      if (event.key === "Escape") { text.innerText = saved; text.blur(); }
    });
  });

  document.querySelectorAll("form.pdz-in-place").forEach(function (form) {
    var version = form.querySelector("input[name=version]");
    var savedValues = {};
    var fields = Array.prototype.slice.call(form.querySelectorAll("textarea[name], input[name=name]"));
    fields.forEach(function (field) { savedValues[field.name] = field.value; });
    function store() {
      var changed = {version: version.value}, any = false;
      fields.forEach(function (field) {
        if (field.value !== savedValues[field.name]) { changed[field.name] = field.value; any = true; }
      });
      if (!any) { return; }
      post(form.action, changed).then(function (data) {
        if (!data) { return; }
        announceSaved();
        version.value = data.version;
        fields.forEach(function (field) { savedValues[field.name] = data[field.name]; field.value = data[field.name]; });
        var heading = form.parentNode.querySelector("h2");
        if (heading && data.name) { heading.textContent = data.name; }
      });
    }
    fields.forEach(function (field) { field.addEventListener("blur", store); });
    form.addEventListener("submit", function (event) { event.preventDefault(); store(); });
  });

  if (typeof Sortable === "undefined") { return; }
  lists.forEach(function (list) {
    Sortable.create(list, {
      group: "board", animation: 150, filter: "summary, button, input, form", preventOnFilter: false,
      onEnd: function (evt) {
        if (evt.from === evt.to && evt.oldIndex === evt.newIndex) { return; }
        save(evt.item, function () { evt.from.insertBefore(evt.item, evt.from.children[evt.oldIndex] || null); });
      }
    });
  });
}());
