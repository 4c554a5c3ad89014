/* The classification board: drag keyword groups between columns with SortableJS. Each drop posts the
   group's column, position and version; a 409 (someone else moved it first) puts it back and says so.
   Without JavaScript the select + Move button in each group does the same. */
(function () {
  "use strict";
  if (typeof Sortable === "undefined") { return; }
  var status = document.getElementById("board-status");

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

  function putBack(evt) {
    var ref = evt.from.children[evt.oldIndex] || null;
    evt.from.insertBefore(evt.item, ref);
  }

  function onEnd(evt) {
    var item = evt.item;
    var column = evt.to.dataset.column || "";
    if (evt.from === evt.to && evt.oldIndex === evt.newIndex) { return; }
    var body = new FormData();
    var token = item.querySelector("input[name=csrf_token]");
    body.append("csrf_token", token ? token.value : "");
    body.append("column", column);
    body.append("version", item.dataset.version);
    body.append("position", String(evt.newIndex));
    fetch(item.dataset.url, {method: "POST", body: body, credentials: "same-origin",
                             headers: {"Accept": "application/json"}})
      .then(function (response) {
        return response.json().then(function (data) { return {ok: response.ok, data: data}; });
      })
      .then(function (result) {
        if (!result.ok) {
          putBack(evt);
          say(result.data.message || "Error");
          return;
        }
        var select = item.querySelector("select[name=column]");
        if (select) { select.value = result.data.column; }
        Object.keys(result.data.versions || {}).forEach(function (id) {
          var other = document.getElementById("group-" + id);
          if (other) { setVersion(other, result.data.versions[id]); }
        });
      })
      .catch(function () { putBack(evt); say(status ? status.dataset.offline || "Network error" : ""); });
  }

  document.querySelectorAll(".pdz-board-list").forEach(function (list) {
    Sortable.create(list, {group: "board", animation: 150, filter: "select, button, input, label",
                           preventOnFilter: false, onEnd: onEnd});
  });
}());
