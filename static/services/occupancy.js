// Occupancy (templates/services/bookings/occupancy.html): ECharts charts of the figures the page also shows in tables.
(function () {
  if (!document.getElementById("occ-data") || !window.JChart) return;
  var d = JChart.data("occ-data");
  var L = d.labels;
  var colors = ["#0b5cab", "#b42318", "#8a5a00", "#0e7a4b"];

  JChart.draw("occ-week-chart", {
    color: colors,
    tooltip: { trigger: "axis" },
    legend: { type: "scroll", top: 0 },
    grid: { left: 48, right: 48, top: 40, bottom: 32 },
    xAxis: { type: "category", data: d.weeks },
    yAxis: [
      { type: "value", minInterval: 1 },
      { type: "value", name: L.percent, min: 0, max: 100 }
    ],
    series: [
      { name: L.bookings, type: "bar", data: d.week_bookings },
      { name: L.no_shows, type: "bar", data: d.week_no_shows },
      { name: L.waitlisted, type: "bar", data: d.week_waitlisted },
      { name: L.rate, type: "line", yAxisIndex: 1, data: d.week_rate, connectNulls: true }
    ]
  });

  JChart.draw("occ-place-chart", {
    color: colors,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: "value", min: 0, max: 100, name: L.percent },
    yAxis: { type: "category", data: d.places.slice().reverse() },
    series: [{ name: L.rate, type: "bar", data: d.place_rate.slice().reverse() }]
  });
})();
