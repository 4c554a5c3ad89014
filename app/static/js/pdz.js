// Site-wide behaviour. Bootstrap Italia's fonts come from css/fonts.css: its loadFonts() would inject an
// inline <style>, which the Content-Security-Policy (no 'unsafe-inline') refuses.

// Wide tables scroll in their own box, never the page. Tables written in Markdown (posts, draft chapters) get
// the box here; a box that does scroll is made reachable by keyboard and named after its table's caption, so
// a keyboard user can scroll it too (WCAG 2.1.1).
(function () {
  "use strict";
  function fit() {
    document.querySelectorAll("main table").forEach(function (table) {
      if (table.closest(".table-responsive")) { return; }
      var box = document.createElement("div");
      box.className = "table-responsive";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
    var names = {}, word = document.documentElement.lang === "it" ? "Tabella" : "Table";
    document.querySelectorAll("main .table-responsive").forEach(function (box, index) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        var caption = box.querySelector("caption");
        var name = caption ? caption.textContent.trim() : word + " " + (index + 1);
        if (names[name]) { name += " (" + (index + 1) + ")"; }
        names[name] = true;
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", name);
      } else if (!scrolls && box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", fit); } else { fit(); }
  window.addEventListener("resize", fit);
}());
