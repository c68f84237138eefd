// The one ECharts setup of the site (issue 14 item 7): every page that draws a chart loads echarts and this file
// (templates/components/chart_scripts.html) and calls JChart; no page script calls echarts.init itself.
//  JChart.data(id)            the JSON the page rendered with json_script (or {} when absent)
//  JChart.draw(el|id, option) a chart in el: initialised once (canvas renderer: the SVG one writes style attributes,
//                             which the Content-Security-Policy refuses; ECharts' locale from <html lang>), the house
//                             theme merged under the option (aria on, the page's Chinese font), resized with the
//                             window; returns the chart (null when el is missing) and marks el data-drawn="1"
//  JChart.tooltip(options)    a tooltip whose formatter is a function: rendered as rich text on the canvas, so the
//                             formatter's string is text, never HTML (tests/test_static_text_only.py)
//  JChart.colours             the site's palette, for series that pick colours by code
(function () {
  var charts = [];
  var locale = (document.documentElement.lang || "zh").indexOf("zh") === 0 ? "ZH" : "EN";
  var FONT = "\"Noto Sans CJK SC\", \"PingFang SC\", \"Microsoft YaHei\", system-ui, sans-serif";
  var colours = {
    blue: "#0b5cab", brown: "#8a5a00", red: "#b42318", green: "#0e7a4b", purple: "#6941c6",
    orange: "#b54708", grey: "#52606d", silver: "#9aa5b1", ink: "#1f2933"
  };

  function element(target) {
    return typeof target === "string" ? document.getElementById(target) : target;
  }

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : {};
  }

  function themed(option) {
    var o = {};
    Object.keys(option || {}).forEach(function (k) { o[k] = option[k]; });
    if (!("aria" in o)) o.aria = { enabled: true };
    if (!("textStyle" in o)) o.textStyle = { fontFamily: FONT };
    return o;
  }

  function init(target) {
    var el = element(target);
    if (!el || !window.echarts) return null;
    var chart = echarts.getInstanceByDom(el);
    if (!chart) {
      chart = echarts.init(el, null, { renderer: "canvas", locale: locale });
      charts.push(chart);
    }
    return chart;
  }

  function draw(target, option, notMerge) {
    var chart = init(target);
    if (!chart) return null;
    chart.setOption(themed(option), notMerge === true);
    chart.getDom().dataset.drawn = "1";
    return chart;
  }

  function tooltip(options) {
    var o = {};
    Object.keys(options || {}).forEach(function (k) { o[k] = options[k]; });
    o.renderMode = "richText";
    return o;
  }

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  window.JChart = { data: data, init: init, draw: draw, tooltip: tooltip, colours: colours, locale: locale };
})();
