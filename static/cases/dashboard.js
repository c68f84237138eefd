// Case indicators dashboard: two ECharts charts from the figures the page also shows in tables.
(function () {
  if (!document.getElementById("dash-data") || !window.JChart) return;
  var d = JChart.data("dash-data");
  var L = d.labels;
  var colors = ["#0b5cab", "#8a5a00", "#b42318", "#0e7a4b", "#6941c6"];

  var rateTip = { valueFormatter: function (v) { return v === null || v === undefined ? "—" : v; } };
  JChart.draw("dash-trend-chart", {
    color: colors,
    tooltip: Object.assign({ trigger: "axis" }, rateTip),
    legend: { type: "scroll", top: 0 },
    grid: { left: 48, right: 48, top: 40, bottom: 32 },
    xAxis: { type: "category", data: d.months },
    yAxis: [
      { type: "value", name: L.cases, minInterval: 1 },
      { type: "value", name: L.percent, min: 0, max: 100 }
    ],
    series: [
      { name: L.reported, type: "bar", data: d.reported },
      { name: L.closed, type: "bar", data: d.closed },
      { name: L.on_time_rate, type: "line", yAxisIndex: 1, data: d.on_time_rate, connectNulls: true },
      { name: L.satisfaction_rate, type: "line", yAxisIndex: 1, data: d.satisfaction_rate, connectNulls: true },
      { name: L.resolution_rate, type: "line", yAxisIndex: 1, data: d.resolution_rate, connectNulls: true }
    ]
  });

  JChart.draw("dash-cat-chart", {
    color: colors,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: d.categories.slice().reverse() },
    series: [
      { name: L.reported, type: "bar", data: d.category_reported.slice().reverse() },
      { name: L.closed, type: "bar", data: d.category_closed.slice().reverse() }
    ]
  });
})();
