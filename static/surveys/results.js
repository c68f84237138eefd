// Survey results: one horizontal bar chart (ECharts) per choice or scale question, from the figures the
// page also shows in tables. Canvas renderer: the SVG one writes style attributes, which the CSP refuses.
(function () {
  var dataEl = document.getElementById("survey-chart-data");
  if (!dataEl || !window.echarts) return;
  var d = JSON.parse(dataEl.textContent);
  var locale = (document.documentElement.lang || "zh").indexOf("zh") === 0 ? "ZH" : "EN";
  var charts = [];
  d.charts.forEach(function (c) {
    var el = document.getElementById(c.id);
    if (!el) return;
    el.classList.add("rows-" + Math.min(c.names.length, 12));
    var chart = echarts.init(el, null, { renderer: "canvas", locale: locale });
    chart.setOption({
      color: ["#b42318"],
      aria: { enabled: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: function (p) {
          var i = p[0].dataIndex;
          return c.names[i] + ": " + c.counts[i] + " (" + c.percents[i] + "%)";
        }
      },
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
    charts.push(chart);
    el.dataset.drawn = "1";
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
