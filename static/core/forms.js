// The errors summary of a form (templates/components/form_errors.html): when a form comes back with errors, the
// summary takes the focus, so the page opens on it (scrolled into view, with its focus ring: scroll-margin-top in
// components.css) and a screen reader reads it first.
(function () {
  "use strict";
  var box = document.getElementById("form-errors");
  if (!box) return;
  box.focus({ preventScroll: true });
  box.scrollIntoView({ block: "start" });
})();
