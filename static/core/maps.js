// Text, never HTML, in every map and chart label (issue 13 item 15). Leaflet's bindTooltip, bindPopup,
// setTooltipContent and setPopupContent parse a string as HTML, so a name such as <img src=x onerror=...> would
// become an element. Every map script passes them JMap.content(value): a DOM node (built with textContent, e.g.
// by JMap.node) is used as it is, anything else becomes a <span> holding it as text. ECharts tooltips that a script
// formats itself use JMap.chartTooltip(options): rendered as rich text on the canvas, so the formatter's string is
// text too (lines split by "\n"). tests/test_static_text_only.py fails when a static script does otherwise.
(function () {
  function node(tag, text, cls) {
    var n = document.createElement(tag);
    if (text !== undefined && text !== null) n.textContent = String(text);
    if (cls) n.className = cls;
    return n;
  }

  function content(value) {
    if (value instanceof Node) return value;
    return node("span", value === undefined || value === null ? "" : value);
  }

  function chartTooltip(options) {
    var o = {};
    Object.keys(options || {}).forEach(function (k) { o[k] = options[k]; });
    o.renderMode = "richText";
    return o;
  }

  window.JMap = { node: node, content: content, chartTooltip: chartTooltip };
})();
