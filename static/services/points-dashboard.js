// 睦邻点 dashboard: charts (static/core/charts.js) of the figures the page also shows in tables.
(function () {
  if (!document.getElementById("points-dash-data") || !window.JChart) return;
  var d = JChart.data("points-dash-data");
  var L = d.labels;

  JChart.draw("chart-months", {
    color: ["#0b5cab", "#0e7a4b"],
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 48, right: 56, top: 36, bottom: 32 },
    xAxis: { type: "category", data: d.months },
    yAxis: [{ type: "value", name: L.activities, minInterval: 1 }, { type: "value", name: L.attendance, minInterval: 1 }],
    series: [
      { name: L.activities, type: "bar", data: d.activities },
      { name: L.attendance, type: "line", yAxisIndex: 1, data: d.attendance }
    ]
  });

  JChart.draw("chart-districts", {
    color: ["#0b5cab", "#0e7a4b"],
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: d.districts.slice().reverse() },
    series: [
      { name: L.activities, type: "bar", barMaxWidth: 22, data: d.district_activities.slice().reverse() },
      { name: L.attendance, type: "bar", barMaxWidth: 22, data: d.district_attendance.slice().reverse() }
    ]
  });

  var colours = { proposed: "#6941c6", active: "#0e7a4b", declined: "#9aa5b1", flagged: "#b54708", under_review: "#8a5a00", retired: "#52606d" };
  JChart.draw("chart-states", {
    tooltip: { trigger: "item" },
    legend: { bottom: 0 },
    series: [{
      name: L.states, type: "pie", radius: ["40%", "70%"],
      data: d.states.map(function (s) { return { name: s.name, value: s.value, itemStyle: { color: colours[s.code] || "#52606d" } }; })
    }]
  });
})();
