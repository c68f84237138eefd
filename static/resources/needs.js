// The need page's suggestions (templates/resources/needs/need_detail.html): the three kinds become tabs.
// Without this script every section is shown, one under the other, and the tab links jump to them.
(function () {
  "use strict";
  var nav = document.getElementById("suggestion-tabs");
  if (!nav) return;
  var links = Array.prototype.slice.call(nav.querySelectorAll("a[data-tab]"));
  function show(kind, focus) {
    links.forEach(function (a) {
      var on = a.getAttribute("data-tab") === kind;
      if (on) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
      var section = document.getElementById("sugg-" + a.getAttribute("data-tab"));
      if (section) section.hidden = !on;
      if (on && focus && section) { section.setAttribute("tabindex", "-1"); section.focus(); }
    });
  }
  links.forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      var kind = a.getAttribute("data-tab");
      show(kind, true);
      if (window.history && history.replaceState) history.replaceState(null, "", "#sugg-" + kind);
    });
  });
  var fromHash = (location.hash || "").replace("#sugg-", "");
  var first = links.filter(function (a) { return a.getAttribute("data-tab") === fromHash; })[0] || links[0];
  if (first) show(first.getAttribute("data-tab"), false);
})();
