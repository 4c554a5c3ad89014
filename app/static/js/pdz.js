// Loads Bootstrap Italia's fonts from the app itself (never from a CDN).
document.addEventListener("DOMContentLoaded", function () {
  var me = document.querySelector("script[data-fonts]");
  if (window.bootstrap && window.bootstrap.loadFonts && me) {
    window.bootstrap.loadFonts(me.getAttribute("data-fonts"));
  }
});
