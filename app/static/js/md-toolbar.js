// A formatting toolbar over Markdown textareas: bold, italic, bulleted list, link and heading, with
// Ctrl/Cmd+B, Ctrl/Cmd+I and Ctrl/Cmd+K. Every textarea with `data-md-toolbar` gets one (a heading level other
// than "##" in `data-md-heading`, e.g. "###"); the button names come from #md-toolbar-labels
// (templates/_md_toolbar.html). Each change fires "input", so autosave and previews follow it.
// window.mdToolbar.attach(textarea) adds a toolbar to a textarea created later.
(function () {
  "use strict";
  var labels = document.getElementById("md-toolbar-labels");
  if (!labels) { return; }
  var L = labels.dataset;

  function changed(area, start, end) {
    area.focus();
    area.setSelectionRange(start, end);
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // **selection** (or a placeholder, selected so typing replaces it).
  function wrap(area, mark, placeholder) {
    var start = area.selectionStart, end = area.selectionEnd;
    var inner = area.value.slice(start, end) || placeholder;
    area.setRangeText(mark + inner + mark, start, end, "end");
    changed(area, start + mark.length, start + mark.length + inner.length);
  }

  // The selected lines (or the cursor's line), each starting with `prefix`.
  function prefixLines(area, prefix, placeholder) {
    var value = area.value, start = area.selectionStart, end = area.selectionEnd;
    var from = value.lastIndexOf("\n", start - 1) + 1;
    var to = value.indexOf("\n", end > start && value[end - 1] === "\n" ? end - 1 : end);
    if (to === -1) { to = value.length; }
    var lines = value.slice(from, to).split("\n").map(function (line) {
      var bare = line.replace(/^(#{1,6} |[-*+] )/, "");
      return prefix + (bare || placeholder || "");
    });
    var text = lines.join("\n");
    area.setRangeText(text, from, to, "end");
    changed(area, from + prefix.length, from + text.length);
  }

  // [selection](https://) with the address selected, to type or paste it.
  function link(area) {
    var start = area.selectionStart, end = area.selectionEnd;
    var label = area.value.slice(start, end) || L.linkText;
    var text = "[" + label + "](https://)";
    area.setRangeText(text, start, end, "end");
    var address = start + label.length + 3;
    changed(area, address, address + "https://".length);
  }

  var ACTIONS = [
    { name: "bold", key: "b", glyph: "B", run: function (a) { wrap(a, "**", L.boldText); } },
    { name: "italic", key: "i", glyph: "I", run: function (a) { wrap(a, "*", L.italicText); } },
    { name: "list", glyph: "•", run: function (a) { prefixLines(a, "- ", ""); } },
    { name: "link", key: "k", glyph: "link", run: link },
    { name: "heading", glyph: "H", run: function (a) {
      prefixLines(a, (a.dataset.mdHeading || "##") + " ", L.headingText);
    } }
  ];
  var mac = /Mac|iPhone|iPad/.test(navigator.platform || "");

  function attach(area) {
    if (area.mdToolbar) { return; }
    var bar = document.createElement("div");
    bar.className = "pdz-md-toolbar btn-group btn-group-sm mb-1";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", L.group);
    ACTIONS.forEach(function (action) {
      var button = document.createElement("button");
      var name = L[action.name];
      var shortcut = action.key ? (mac ? "⌘" : "Ctrl+") + action.key.toUpperCase() : "";
      button.type = "button";
      button.className = "btn btn-outline-secondary pdz-md-" + action.name;
      button.dataset.mdAction = action.name;
      button.title = shortcut ? name + " (" + shortcut + ")" : name;
      if (action.key) { button.setAttribute("aria-keyshortcuts", (mac ? "Meta+" : "Control+") + action.key.toUpperCase()); }
      var glyph = document.createElement("span");
      glyph.setAttribute("aria-hidden", "true");
      glyph.textContent = action.glyph;
      var text = document.createElement("span");
      text.className = "visually-hidden";
      text.textContent = name;
      button.appendChild(glyph);
      button.appendChild(text);
      button.addEventListener("click", function () { action.run(area); });
      bar.appendChild(button);
    });
    area.parentNode.insertBefore(bar, area);
    area.addEventListener("keydown", function (event) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) { return; }
      var key = event.key.toLowerCase();
      ACTIONS.forEach(function (action) {
        if (action.key === key) { event.preventDefault(); action.run(area); }
      });
    });
    area.mdToolbar = bar;
  }

  document.querySelectorAll("textarea[data-md-toolbar]").forEach(attach);
  window.mdToolbar = { attach: attach };
})();
