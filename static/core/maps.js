// The one Leaflet setup of the site (issue 14 item 7): every page that draws a map loads Leaflet and this file
// (templates/components/map_scripts.html) and builds its map through JMap; no page script calls L.map or
// L.tileLayer itself. Works with no tile server: the tile URL is a setting the page passes as data-tiles.
//  JMap.map(el, zoom, options)   a map in el, centred on data-center ("lat,lng"), with the tile layer of data-tiles
//                                (and data-attribution) when set; options go to L.map (zoomSnap 0.25 unless given)
//  JMap.fit(map, layer, options) fit the map to a layer's bounds when it has any (no animation)
//  JMap.geojson(url)             a promise of the GeoJSON at url (same-origin credentials; null when refused)
//  JMap.grids(map, url, style)   the grid overlay: the grids' polygons drawn for orientation, not clickable
//                                unless style.interactive; a promise of the layer (null when refused)
//  JMap.pin(map, latlng, colour, radius)   one circle marker (the house pin)
//  JMap.node(tag, text, cls)     a DOM element holding text
//  JMap.content(value)           what Leaflet tooltips and popups are given (below)
// Text, never HTML, in every map label (issue 13 item 15). Leaflet's bindTooltip, bindPopup, setTooltipContent
// and setPopupContent parse a string as HTML, so a name such as <img src=x onerror=...> would become an element.
// Every map script passes them JMap.content(value): a DOM node (built with textContent, e.g. by JMap.node) is used
// as it is, anything else becomes a <span> holding it as text. Chart tooltips go through JChart.tooltip
// (static/core/charts.js). tests/test_static_text_only.py fails when a static script does otherwise.
(function () {
  var CENTER = "31.03,121.23";

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

  function map(el, zoom, options) {
    var o = { zoomSnap: 0.25 };
    Object.keys(options || {}).forEach(function (k) { o[k] = options[k]; });
    var center = (el.dataset.center || CENTER).split(",").map(Number);
    var m = L.map(el, o).setView(center, zoom || 14);
    if (el.dataset.tiles) L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(m);
    return m;
  }

  function fit(m, layer, options) {
    var o = { animate: false };
    Object.keys(options || {}).forEach(function (k) { o[k] = options[k]; });
    var bounds = layer.getBounds ? layer.getBounds() : layer;
    if (bounds && bounds.isValid && bounds.isValid()) m.fitBounds(bounds, o);
  }

  function geojson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; });
  }

  function grids(m, url, style) {
    var s = { color: "#0b5cab", weight: 1, fillOpacity: 0.05, interactive: false };
    Object.keys(style || {}).forEach(function (k) { s[k] = style[k]; });
    return geojson(url).then(function (data) {
      if (!data || !data.features) return null;
      var layer = L.geoJSON(data, { style: s, interactive: s.interactive });
      layer.featureCount = data.features.length;
      return layer.addTo(m);
    });
  }

  function pin(m, latlng, colour, radius) {
    return L.circleMarker(latlng, { radius: radius || 9, color: "#fff", weight: 2, fillColor: colour || "#b42318", fillOpacity: 0.95 }).addTo(m);
  }

  window.JMap = { map: map, fit: fit, geojson: geojson, grids: grids, pin: pin, node: node, content: content };
})();
