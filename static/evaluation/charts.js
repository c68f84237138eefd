// Evaluation charts (templates/evaluation/ranking.html, trend.html), drawn with the site's JChart.
(function () {
  if (!window.JChart) return;
  if (document.getElementById("ranking-data")) {
    var r = JChart.data("ranking-data");
    var box = document.getElementById("ranking-chart");
    if (box) box.style.height = Math.max(320, r.names.length * 26 + 60) + "px";  // one bar a row (CSSOM: allowed by the CSP)
    JChart.draw("ranking-chart", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 32, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "value", min: 0, max: 100, name: r.labels.score },
      yAxis: { type: "category", data: r.names.slice().reverse() },
      series: [{
        name: r.labels.score, type: "bar", data: r.scores.slice().reverse(),
        markLine: { symbol: "none", data: [{ xAxis: r.threshold, name: r.labels.threshold }] }
      }]
    });
  }
  if (document.getElementById("trend-data")) {
    var t = JChart.data("trend-data");
    var series = t.series.map(function (s) { return { name: s.name, type: "line", data: s.data, connectNulls: true }; });
    series.push({ name: t.labels.mean, type: "line", data: t.mean, lineStyle: { width: 4 }, connectNulls: true });
    JChart.draw("trend-chart", {
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", top: 0 },
      grid: { left: 48, right: 24, top: 40, bottom: 32 },
      xAxis: { type: "category", data: t.quarters },
      yAxis: { type: "value", min: 0, max: 100 },
      series: series
    });
  }
})();
