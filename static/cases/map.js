// Case maps (static/core/maps.js):
//  #cases-map  open cases coloured by state, from the scoped GeoJSON;
//  #case-map   one case's pin;
//  #pin-map    the 12345 ticket form's pin (JMap.picker: click or drag; typed coordinates move it), grids drawn.
(function () {
  if (!window.L || !window.JMap) return;
  var COLOURS = { reported: "#b42318", accepted: "#8a5a00", dispatched: "#0b5cab", in_progress: "#6941c6", completed: "#0e7a4b" };

  var all = document.getElementById("cases-map");
  if (all) {
    var map = JMap.map(all, 14);
    JMap.geojson(all.dataset.geojson)
      .then(function (data) {
        var layer = L.geoJSON(data, {
          pointToLayer: function (f, latlng) {
            var p = f.properties;
            return L.circleMarker(latlng, {
              radius: 7, color: p.overdue ? "#000" : "#fff", weight: p.overdue ? 3 : 1.5,
              fillColor: COLOURS[p.state] || "#52606d", fillOpacity: 0.9, className: "case-dot state-dot-" + p.state
            });
          },
          onEachFeature: function (f, l) {
            var p = f.properties;
            l.bindTooltip(JMap.content(p.number + " · " + p.category + " · " + p.state_label));
            l.on("click", function () { window.location.href = p.url; });
          }
        }).addTo(map);
        JMap.fit(map, layer, { padding: [20, 20], maxZoom: 17 });
        all.dataset.loaded = String(data.features.length);
        var count = document.getElementById("map-count");
        if (count) count.textContent = (count.dataset.text || "{n}").replace("{n}", String(data.features.length));
      });
  }

  var one = document.getElementById("case-map");
  if (one) {
    var ll = [Number(one.dataset.lat), Number(one.dataset.lng)];
    one.dataset.center = ll.join(",");
    var m1 = JMap.map(one, 17);
    JMap.pin(m1, ll).bindTooltip(JMap.content(one.dataset.label || ""));
    one.dataset.loaded = "1";
  }

  var pin = document.getElementById("pin-map");
  if (pin) {
    var m2 = JMap.map(pin, 14);
    // the caller's place, not the clerk's: no "use my location"
    var picked = JMap.picker(m2, { lat: "id_lat", lng: "id_lng", locate: false });
    if (pin.dataset.grids) {
      JMap.grids(m2, pin.dataset.grids).then(function (g) { if (g && !picked.latlng()) JMap.fit(m2, g, { padding: [10, 10] }); });
    }
  }
})();
