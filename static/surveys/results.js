// Survey results: one horizontal bar chart (ECharts) per choice or scale question, from the figures the
// page also shows in tables (static/core/charts.js).
(function () {
  if (!document.getElementById("survey-chart-data") || !window.JChart) return;
  var d = JChart.data("survey-chart-data");
  d.charts.forEach(function (c) {
    var el = document.getElementById(c.id);
    if (!el) return;
    el.classList.add("rows-" + Math.min(c.names.length, 12));
    JChart.draw(el, {
      color: ["#b42318"],
      tooltip: JChart.tooltip({  // rich text on the canvas: answers are text, never HTML
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: function (p) {
          var i = p[0].dataIndex;
          return c.names[i] + ": " + c.counts[i] + " (" + c.percents[i] + "%)";
        }
      }),
      grid: { left: 8, right: 88, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: c.names.slice().reverse(), axisLabel: { width: 140, overflow: "truncate" } },
      series: [{
        type: "bar",
        data: c.counts.slice().reverse(),
        label: {
          show: true,
          position: "right",
          formatter: function (p) { return p.value + " · " + c.percents[c.names.length - 1 - p.dataIndex] + "%"; }
        }
      }]
    });
  });
})();
