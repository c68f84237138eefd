// 资源共享导图 (S2.4), the graph: ECharts graph series with a force layout, one category per kind of node
// (居民区, organisations by kind, talents, spaces, projects); a node's size grows with its agreements, a
// link's width with the agreements along it; a click opens the node's page. Drawn through static/core/charts.js.
// The page lists the same links in a table for screen readers and phones.
(function () {
  var el = document.getElementById("graph-chart");
  if (!el || !window.JChart) return;
  var COLOURS = { district: "#b42318", co_building: "#8a5a00", enterprise: "#c11574", social_org: "#026aa2", talent: "#6941c6", space: "#0e7a4b", project: "#0b5cab" };
  var T = JSON.parse((document.getElementById("graph-labels") || { textContent: "{}" }).textContent);
  el.style.height = Math.round(Math.max(420, Math.min(760, window.innerHeight * 0.75))) + "px";

  fetch(el.dataset.url, { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : { categories: [], nodes: [], edges: [] }; })
    .then(function (data) {
      var names = {};
      data.nodes.forEach(function (n) { names[n.id] = n.name; });
      var categories = data.categories.map(function (c) { return { name: c.name, itemStyle: { color: COLOURS[c.key] || "#52606d" } }; });
      var nodes = data.nodes.map(function (n) {
        var big = n.kind === "district" || n.kind === "organisation";
        return {
          id: n.id, name: n.name, category: n.category, value: n.matches, url: n.url, records: n.records,
          symbolSize: (n.kind === "district" ? 22 : n.kind === "organisation" ? 14 : 9) + 5 * Math.sqrt(n.matches || 0),
          label: { show: big || n.matches > 0 }
        };
      });
      var links = data.edges.map(function (e) {
        var serves = e.relation === "serves";
        return {
          source: e.source, target: e.target, value: e.matches, relation: e.relation_label, records: e.records,
          lineStyle: { width: serves ? 1.5 + 1.5 * Math.sqrt(e.matches) : 1, type: e.relation === "located" ? "dashed" : "solid", opacity: serves ? 0.9 : 0.45, color: serves ? "#b54708" : "#9aa5b1" }
        };
      });
      var chart = JChart.draw(el, {
        legend: [{ top: 0, data: categories.map(function (c) { return c.name; }) }],
        tooltip: JChart.tooltip({  // rich text on the canvas: names are text, never HTML
          formatter: function (p) {
            if (p.dataType === "edge") {
              var d = p.data;
              var line = names[d.source] + " → " + names[d.target] + "\n" + d.relation;
              return d.value ? line + "\n" + T.matches + ": " + d.value + " · " + T.records + ": " + d.records : line;
            }
            return p.name + "\n" + categories[p.data.category].name + "\n" + T.matches + ": " + (p.value || 0) + " · " + T.records + ": " + (p.data.records || 0);
          }
        }),
        series: [{
          type: "graph", layout: "force", roam: true, draggable: true, categories: categories, data: nodes, links: links,
          top: 48, label: { position: "right", fontSize: 12, formatter: "{b}" }, labelLayout: { hideOverlap: true },
          force: { repulsion: 200, edgeLength: [40, 150], gravity: 0.12, layoutAnimation: false },
          emphasis: { focus: "adjacency", lineStyle: { width: 4 } },
          edgeSymbol: ["none", "arrow"], edgeSymbolSize: 6
        }]
      });
      chart.on("click", function (p) {
        if (p.dataType === "node" && p.data.url) window.location.href = p.data.url;
      });
      el.dataset.nodes = String(nodes.length);
      el.dataset.edges = String(links.length);
    });
})();
