// The check-in screen: mark people present without reloading, and find them by typing.
// - each row's button posts its little form with fetch and updates the row (the form still works without JS);
// - the filter box hides rows that do not match; Enter marks the only row left present, then clears the box,
//   so at the door one person is checked in with their name and one keystroke.
(function () {
  "use strict";
  var table = document.getElementById("checkin-table");
  if (!table || !window.fetch) { return; }
  var filterBox = document.getElementById("checkin-filter-box");
  var filter = document.getElementById("checkin-filter");
  var counter = document.getElementById("checkin-count");
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);

  function updateCount() {
    var present = rows.filter(function (row) { return row.classList.contains("pdz-present"); }).length;
    counter.textContent = counter.dataset.template.replace("{present}", present).replace("{total}", rows.length);
  }

  function show(row, present) {
    var form = row.querySelector("form");
    var button = form.querySelector("button");
    var hidden = button.querySelector(".visually-hidden");
    row.classList.toggle("pdz-present", present);
    form.elements.present.value = present ? "0" : "1";
    button.classList.toggle("btn-success", present);
    button.classList.toggle("btn-outline-primary", !present);
    button.setAttribute("aria-pressed", present ? "true" : "false");
    button.firstChild.textContent = (present ? button.dataset.labelPresent : button.dataset.labelAbsent) + " ";
    if (hidden) { button.appendChild(hidden); }
    updateCount();
  }

  function send(form) {
    var row = form.closest("tr");
    return fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (data) { show(row, data.present); }).catch(function () { form.submit(); });
  }

  rows.forEach(function (row) {
    row.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      send(event.target);
    });
  });

  function visible() { return rows.filter(function (row) { return !row.hidden; }); }

  if (filterBox && filter) {
    filterBox.hidden = false;
    filter.addEventListener("input", function () {
      var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      rows.forEach(function (row) {
        var text = row.dataset.name;
        row.hidden = !words.every(function (word) { return text.indexOf(word) !== -1; });
      });
    });
    filter.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") { return; }
      event.preventDefault();
      var left = visible();
      if (left.length !== 1) { return; }
      var form = left[0].querySelector("form");
      if (form.elements.present.value === "1") {
        send(form).then(function () {
          filter.value = "";
          rows.forEach(function (row) { row.hidden = false; });
        });
      }
    });
  }
})();
