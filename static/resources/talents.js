// Talent entry form (templates/resources/talents/form.html): choosing a resident from the search results,
// and the week rows: typing a time ticks the day; ticking a day with no times copies the last times given.
(function () {
  "use strict";

  function chooseResident(button) {
    var input = document.getElementById("id_resident");
    var chosen = document.getElementById("chosen-resident");
    var row = document.getElementById("chosen-row");
    if (!input) return;
    input.value = button.dataset.residentId;
    if (chosen) chosen.textContent = button.dataset.residentLabel;
    if (row) row.hidden = false;
    var results = document.getElementById("resident-results");
    if (results) results.textContent = "";
  }

  function clearResident() {
    var input = document.getElementById("id_resident");
    var row = document.getElementById("chosen-row");
    if (input) input.value = "";
    if (row) row.hidden = true;
  }

  document.addEventListener("click", function (e) {
    var pick = e.target.closest("button[data-resident-id]");
    if (pick) {
      chooseResident(pick);
      return;
    }
    if (e.target.closest("#clear-resident")) clearResident();
  });

  function timesOf(row) {
    return Array.prototype.slice.call(row.querySelectorAll("input[type=time]"));
  }

  function lastTimes(row) {
    // the nearest day above with both times, else the nearest below
    var rows = Array.prototype.slice.call(document.querySelectorAll("#week-rows tr[data-day]"));
    var at = rows.indexOf(row);
    var order = rows.slice(0, at).reverse().concat(rows.slice(at + 1));
    for (var i = 0; i < order.length; i++) {
      var values = timesOf(order[i]).map(function (input) { return input.value; });
      if (values[0] && values[1]) return values;
    }
    return null;
  }

  document.addEventListener("change", function (e) {
    var row = e.target.closest && e.target.closest("#week-rows tr[data-day]");
    if (!row) return;
    var box = row.querySelector("input[type=checkbox]");
    if (e.target.type === "time" && e.target.value && box) box.checked = true;
    if (e.target === box && box.checked) {
      var inputs = timesOf(row);
      if (!inputs[0].value && !inputs[1].value) {
        var copy = lastTimes(row);
        if (copy) inputs.forEach(function (input, i) { input.value = copy[i] || ""; });
      }
    }
  });
})();
