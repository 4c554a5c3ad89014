// The month view of the meetings calendar: Page Up / Page Down go to the previous / next month, like the
// links above the table (which stay the way to do it without JavaScript). Ignored while typing in a field.
document.addEventListener("DOMContentLoaded", function () {
  var months = { PageUp: "a[rel=prev]", PageDown: "a[rel=next]" };
  document.addEventListener("keydown", function (event) {
    var selector = months[event.key];
    var target = event.target;
    if (!selector || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
    var link = document.querySelector(".pdz-month-nav " + selector);
    if (link) {
      event.preventDefault();
      window.location.assign(link.href);
    }
  });
});
