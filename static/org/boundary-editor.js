// Boundary editor: click the map to add a vertex, drag a vertex to move it, click a vertex to remove it.
// The polygon is written into the form's GeoJSON textarea; the server checks it (org.services.boundary_check).
// Labels are inserted as text, never as HTML.
(function () {
  var el = document.getElementById("boundary-map");
  var field = document.getElementById("id_boundary");
  if (!el || !field || !window.L || !window.JMap) return;
  var map = JMap.map(el, 15, { doubleClickZoom: false });
  var vertices = []; // [lat, lng]
  var markers = [];
  var shape = L.polygon([], { color: "#b42318", weight: 3, fillOpacity: 0.25 }).addTo(map);

  function write() {
    if (!vertices.length) { field.value = ""; return; } // saving an empty field removes the boundary
    var ring = vertices.map(function (v) { return [Number(v[1].toFixed(7)), Number(v[0].toFixed(7))]; });
    ring.push(ring[0]);
    field.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
  }
  function redraw() {
    markers.forEach(function (m) { map.removeLayer(m); });
    markers = vertices.map(function (v, i) {
      var m = L.marker(v, { draggable: true, keyboard: true, title: String(i + 1) }).addTo(map);
      m.on("drag", function (e) { var p = e.target.getLatLng(); vertices[i] = [p.lat, p.lng]; shape.setLatLngs(vertices); });
      m.on("dragend", write);
      m.on("click", function () { vertices.splice(i, 1); redraw(); });
      return m;
    });
    shape.setLatLngs(vertices);
    write();
    el.dataset.vertices = String(vertices.length);
  }
  function load(text) {
    try {
      var g = JSON.parse(text);
      if (g && g.type === "Feature") g = g.geometry;
      if (!g || g.type !== "Polygon" || !g.coordinates || !g.coordinates[0]) return false;
      var ring = g.coordinates[0].slice();
      if (ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1]) ring.pop();
      vertices = ring.map(function (c) { return [Number(c[1]), Number(c[0])]; });
      return true;
    } catch (e) { return false; }
  }
  map.on("click", function (e) { vertices.push([e.latlng.lat, e.latlng.lng]); redraw(); });
  document.getElementById("boundary-undo").addEventListener("click", function () { vertices.pop(); redraw(); });
  document.getElementById("boundary-clear").addEventListener("click", function () { vertices = []; field.value = ""; redraw(); });
  field.addEventListener("change", function () { if (load(field.value)) { redraw(); fit(); } });

  var context = L.featureGroup().addTo(map);
  function fit() {
    var b = shape.getLatLngs()[0] && shape.getLatLngs()[0].length ? shape.getBounds() : null;
    if (context.getLayers().length) b = b ? b.extend(context.getBounds()) : context.getBounds();
    if (b) JMap.fit(map, b, { padding: [10, 10] });
  }
  if (field.value && load(field.value)) redraw();
  JMap.geojson(el.dataset.context)
    .then(function (data) {
      L.geoJSON(data, {
        interactive: true,
        style: function (f) {
          return f.properties.role === "parent"
            ? { color: "#0b5cab", weight: 2, dashArray: "6 4", fill: false }
            : { color: "#667085", weight: 1, fillOpacity: 0.15 };
        },
        onEachFeature: function (f, l) {
          l.bindTooltip(JMap.content(f.properties.name)); // clicks on it bubble to the map and add a vertex
        }
      }).eachLayer(function (l) { context.addLayer(l); });
      fit();
      el.dataset.loaded = "1";
    });
})();
