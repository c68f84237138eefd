// 睦邻点 dashboard: ECharts from the figures the page also shows in tables (canvas renderer: CSP refuses SVG style attributes).
(function () {
  var dataEl = document.getElementById("points-dash-data");
  if (!dataEl || !window.echarts) return;
  var d = JSON.parse(dataEl.textContent);
  var L = d.labels;
  var charts = [];
  var locale = (document.documentElement.lang || "zh").indexOf("zh") === 0 ? "ZH" : "EN";

  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el) return;
    var chart = echarts.init(el, null, { renderer: "canvas", locale: locale });
    chart.setOption(option);
    charts.push(chart);
    el.dataset.drawn = "1";
  }

  draw("chart-months", {
    color: ["#0b5cab", "#0e7a4b"],
    aria: { enabled: true },
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

  draw("chart-districts", {
    color: ["#0b5cab", "#0e7a4b"],
    aria: { enabled: true },
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
  draw("chart-states", {
    aria: { enabled: true },
    tooltip: { trigger: "item" },
    legend: { bottom: 0 },
    series: [{
      name: L.states, type: "pie", radius: ["40%", "70%"],
      data: d.states.map(function (s) { return { name: s.name, value: s.value, itemStyle: { color: colours[s.code] || "#52606d" } }; })
    }]
  });

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
