// A device's trends (charts through static/core/charts.js).
// One chart per measurement from <div id="charts" data-series=...>; 24 h / 7 d / 30 d switch without a
// reload; alarms are drawn on every chart as shaded bands (start to clearing, or to now while active)
// with a line at their start, in the colour of their severity (ThingsBoard users ask for this).
(function () {
  var box = document.getElementById("charts");
  if (!box || !window.JChart) return;
  var L = JSON.parse((document.getElementById("chart-labels") || { textContent: "{}" }).textContent);
  var SEV = { 5: "#8f1d14", 4: "#9c3d00", 3: "#7a4f00", 2: "#0b5cab", 1: "#52606d" };

  function rgba(hex, a) {
    var n = parseInt(hex.slice(1), 16);
    return "rgba(" + (n >> 16) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + a + ")";
  }

  function marks(alarms, endMs) {
    var areas = [], lines = [];
    alarms.forEach(function (a) {
      var c = SEV[a.severity] || SEV[1];
      var from = Date.parse(a.start), to = a.end ? Date.parse(a.end) : endMs;
      var name = a.severity_label + " · " + a.type + (a.active ? " (" + (L.active || "active") + ")" : "");
      areas.push([{ name: name, xAxis: from, itemStyle: { color: rgba(c, 0.14) } }, { xAxis: Math.max(to, from + 1000) }]);
      lines.push({ name: name, xAxis: from, lineStyle: { color: c, type: "solid", width: 1.5 }, label: { show: false } });
    });
    return {
      markArea: { silent: false, label: { show: false }, emphasis: { label: { show: true, position: "insideTop", color: "#1f2933" } }, data: areas },
      markLine: { symbol: ["none", "none"], silent: false, data: lines, emphasis: { label: { show: true, formatter: "{b}", color: "#1f2933" } } }
    };
  }

  function draw(m, data) {
    var el = document.getElementById("chart-" + m.key);
    if (!el) return;
    var startMs = Date.parse(data.start), endMs = Date.parse(data.end);
    var binary = m.min === 0 && m.max === 1;
    var mk = marks(data.alarms || [], endMs);
    var series = [
      Object.assign({ name: m.name, type: "line", data: m.data, showSymbol: m.data.length < 60, step: binary ? "end" : false, lineStyle: { width: 1.8 }, color: "#0b5cab" }, mk)
    ];
    if (m.source === "hourly" && !binary) {
      series.push({ name: L.min || "min", type: "line", data: m.band.map(function (b) { return [b[0], b[1]]; }), stack: "band", symbol: "none", lineStyle: { opacity: 0 }, color: "#9aa5b1", tooltip: { show: true } });
      series.push({ name: L.max || "max", type: "line", data: m.band.map(function (b) { return [b[0], b[2] - b[1]]; }), stack: "band", symbol: "none", lineStyle: { opacity: 0 }, areaStyle: { color: "rgba(11,92,171,0.12)" }, color: "#9aa5b1", tooltip: { show: false } });
    }
    JChart.draw(el, {
      animation: false,
      grid: { left: 48, right: 16, top: 16, bottom: 28 },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null || v === undefined ? "—" : (Math.round(v * 100) / 100) + (m.unit ? " " + m.unit : ""); } },
      xAxis: { type: "time", min: startMs, max: endMs },
      yAxis: { type: "value", scale: !binary, min: binary ? 0 : null, max: binary ? 1 : null, minInterval: binary ? 1 : 0 },
      graphic: m.data.length ? [] : [{ type: "text", left: "center", top: "middle", style: { text: L.none || "", fill: "#52606d", fontSize: 14 } }],
      series: series
    }, true);
    el.dataset.points = String(m.data.length);
    el.dataset.alarms = String((data.alarms || []).length);
  }

  function load(range) {
    fetch(box.dataset.series + "?range=" + encodeURIComponent(range), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        data.measurements.forEach(function (m) { draw(m, data); });
        box.dataset.loaded = range;
      });
  }

  document.querySelectorAll(".ranges a[data-range]").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      document.querySelectorAll(".ranges a[data-range]").forEach(function (b) { b.removeAttribute("aria-current"); });
      a.setAttribute("aria-current", "true");
      if (window.history && history.replaceState) history.replaceState(null, "", "?range=" + a.dataset.range + "#h-trends");
      load(a.dataset.range);
    });
  });
  load(box.dataset.range || "24h");
})();
