// 资源共享导图 (S2.4): a map (static/core/maps.js) with one layer per resource kind, the needs and the agreement
// lines, over the grids. Points at one spot (talents are drawn at
// their 居民区's centre) are fanned out around it on screen; the GeoJSON keeps the true position.
// Popups are DOM nodes filled with textContent: names are never parsed as HTML. No inline scripts (CSP).
(function () {
  var el = document.getElementById("map");
  if (!el || !window.L || !window.JMap) return;
  var COLOURS = { talent: "#6941c6", space: "#0e7a4b", project: "#0b5cab", need: "#b42318", match: "#b54708" };
  var ORDER = ["talent", "space", "project", "need", "match"];
  var T = JSON.parse((document.getElementById("map-labels") || { textContent: "{}" }).textContent);
  var names = T.layers || {};

  var map = JMap.map(el, 14);
  var node = JMap.node;

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }

  function fact(box, label, value) {
    if (value === undefined || value === null || value === "") return;
    box.appendChild(node("div", label + ": " + value));
  }

  function popup(p) {
    var box = node("div", null, "map-popup");
    box.appendChild(node("strong", p.name));
    box.appendChild(node("div", p.kind_label + (p.state_label ? " · " + p.state_label : "")));
    if (p.types && p.types.length) fact(box, T.types, p.types.map(function (t) { return t.name; }).join("、"));
    if (p.district) fact(box, T.district, p.district.name);
    if (p.layer === "need") fact(box, T.people, p.people);
    else if (p.layer !== "match") fact(box, T.capacity, p.capacity);
    if (p.organisation) fact(box, T.offered_by, p.organisation.name);
    if (p.layer === "match") {
      fact(box, T.need, p.need.name);
      fact(box, T.resource, p.resource.name);
    }
    if (p.matches !== undefined) fact(box, T.matches, p.matches);
    if (p.records !== undefined) fact(box, T.records, p.records);
    if (p.placed === "district") box.appendChild(node("div", T.placed, "muted"));
    if (p.url) {
      var a = node("a", T.open || "Open");
      a.href = p.url;
      box.appendChild(a);
    }
    return box;
  }

  // Fan out points that share a position: k-th point at the golden angle, radius growing with √k.
  var seen = {};
  function spread(latlng) {
    var key = latlng.lat.toFixed(6) + "," + latlng.lng.toFixed(6);
    var k = seen[key] = (seen[key] || 0) + 1;
    if (k === 1) return latlng;
    var r = 0.00055 * Math.sqrt(k - 1), a = (k - 1) * 2.39996;
    return L.latLng(latlng.lat + r * Math.sin(a), latlng.lng + r * Math.cos(a) / Math.cos(latlng.lat * Math.PI / 180));
  }

  var groups = {}, overlays = {};
  ORDER.forEach(function (k) { groups[k] = L.featureGroup(); });

  var grids = L.featureGroup();
  grids.addTo(map);
  if (el.dataset.grids) {
    JMap.grids(grids, el.dataset.grids, { color: "#52606d", fillColor: "#9aa5b1", fillOpacity: 0.08 })
      .then(function (layer) {
        if (!layer) return;
        grids.bringToBack();
        el.dataset.gridsLoaded = String(layer.featureCount);
      })
      .catch(function () { /* the grids are only a backdrop */ });
  }

  JMap.geojson(el.dataset.geojson)
    .then(function (data) {
      data = data || { type: "FeatureCollection", features: [] };
      var counts = {};
      ORDER.forEach(function (k) { counts[k] = 0; });
      data.features.forEach(function (f) {
        var p = f.properties, colour = COLOURS[p.layer] || "#52606d";
        var layer = L.geoJSON(f, {
          pointToLayer: function (feature, latlng) {
            var need = p.layer === "need";
            return L.circleMarker(spread(latlng), {
              radius: need ? 8 : 7, color: need ? "#1f2933" : "#fff", weight: need ? 2 : 1.5,
              fillColor: colour, fillOpacity: 0.9, className: "res-dot res-dot-" + p.layer
            });
          },
          style: function (feature) {
            if (feature.geometry.type === "Point") return {};
            return { color: colour, weight: p.state === "served" ? 4 : 3, opacity: 0.85, dashArray: p.state === "served" ? null : "6 6", className: "res-line res-line-" + p.state };
          }
        });
        layer.eachLayer(function (l) {
          l.bindTooltip(JMap.content(p.name + " · " + p.kind_label));
          l.bindPopup(JMap.content(popup(p)));
        });
        if (groups[p.layer]) { layer.addTo(groups[p.layer]); counts[p.layer] += 1; }
      });
      ORDER.forEach(function (k) {
        groups[k].addTo(map);
        if (k === "match") { groups[k].bringToBack(); grids.bringToBack(); }
        overlays[escapeHtml(names[k] || k) + " (" + counts[k] + ")"] = groups[k];
        el.setAttribute("data-count-" + k, String(counts[k]));
        var c = document.getElementById("count-" + k);
        if (c) c.textContent = "(" + counts[k] + ")";
      });
      overlays[escapeHtml(T.grids || "Grids")] = grids;
      var wide = window.innerWidth >= 700;
      var control = L.control.layers(null, overlays, { collapsed: !wide }).addTo(map);
      control.getContainer().querySelectorAll("input").forEach(function (i) {  // the site's 38 px inputs are for forms, not this list
        i.style.minHeight = "0"; i.style.width = "18px"; i.style.height = "18px"; i.style.margin = "0 6px 0 0"; i.style.verticalAlign = "middle";
      });
      var all = L.featureGroup(ORDER.map(function (k) { return groups[k]; }));
      JMap.fit(map, all, { paddingTopLeft: [32, 32], paddingBottomRight: [wide ? 240 : 32, 32], maxZoom: 16 });
      el.dataset.loaded = String(data.features.length);
      var count = document.getElementById("map-count");
      if (count) count.textContent = (T.count || "{n}").replace("{n}", String(data.features.length));
    });
})();
