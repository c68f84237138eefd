// Running a round (templates/resources/rounds/round_form.html): it may take seconds, so on submit the
// button is disabled (no second round by a double tap) and the "running" notice with its progress bar shows.
(function () {
  var form = document.getElementById("round-form");
  if (!form) return;
  form.addEventListener("submit", function () {
    var running = document.getElementById(form.dataset.running);
    var button = document.getElementById("round-submit");
    if (running) running.hidden = false;
    if (button) {
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
    }
  });
})();
