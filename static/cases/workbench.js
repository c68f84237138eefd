// Case workbench: count the ticked cases for bulk dispatch; refuse to send none.
(function () {
  var form = document.getElementById("bulk-form");
  if (!form) return;
  var out = document.getElementById("picked");
  function picked() { return form.querySelectorAll("input.pick:checked").length; }
  function show() {
    var n = picked();
    if (!out) return;
    out.textContent = n ? (out.dataset.chosen || "{n}").replace("{n}", String(n)) : "";
  }
  form.addEventListener("change", show);
  form.addEventListener("submit", function (e) {
    if (!picked()) {
      e.preventDefault();
      if (out) out.textContent = out.dataset.none || "";
    }
  });
  show();
})();
