// Case maps (Leaflet, no tile server needed; a tile URL is a setting):
//  #cases-map  open cases coloured by state, from the scoped GeoJSON;
//  #case-map   one case's pin;
//  #pin-map    click to put a pin into the lat/lng inputs (12345 ticket form), grids drawn for orientation.
(function () {
  if (!window.L) return;
  var COLOURS = { reported: "#b42318", accepted: "#8a5a00", dispatched: "#0b5cab", in_progress: "#6941c6", completed: "#0e7a4b" };

  function base(el, zoom) {
    var center = (el.dataset.center || "31.03,121.23").split(",").map(Number);
    var map = L.map(el, { zoomSnap: 0.25 }).setView(center, zoom || 14);
    if (el.dataset.tiles) L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
    return map;
  }

  var all = document.getElementById("cases-map");
  if (all) {
    var map = base(all, 14);
    fetch(all.dataset.geojson, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
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
        if (data.features.length) map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 17, animate: false });
        all.dataset.loaded = String(data.features.length);
        var count = document.getElementById("map-count");
        if (count) count.textContent = (count.dataset.text || "{n}").replace("{n}", String(data.features.length));
      });
  }

  var one = document.getElementById("case-map");
  if (one) {
    var ll = [Number(one.dataset.lat), Number(one.dataset.lng)];
    one.dataset.center = ll.join(",");
    var m1 = base(one, 17);
    L.circleMarker(ll, { radius: 9, color: "#fff", weight: 2, fillColor: "#b42318", fillOpacity: 0.95 }).addTo(m1).bindTooltip(JMap.content(one.dataset.label || ""));
    one.dataset.loaded = "1";
  }

  var pin = document.getElementById("pin-map");
  if (pin) {
    var m2 = base(pin, 14);
    var lat = document.getElementById("id_lat"), lng = document.getElementById("id_lng"), marker = null;
    function place(latlng) {
      if (marker) marker.setLatLng(latlng); else marker = L.circleMarker(latlng, { radius: 9, color: "#fff", weight: 2, fillColor: "#b42318", fillOpacity: 0.95 }).addTo(m2);
    }
    if (lat && lng && lat.value && lng.value) place([Number(lat.value), Number(lng.value)]);
    m2.on("click", function (e) {
      place(e.latlng);
      if (lat) lat.value = e.latlng.lat.toFixed(6);
      if (lng) lng.value = e.latlng.lng.toFixed(6);
    });
    if (pin.dataset.grids) {
      fetch(pin.dataset.grids, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data || !data.features) return;
          var g = L.geoJSON(data, { style: { color: "#0b5cab", weight: 1, fillOpacity: 0.05 }, interactive: false }).addTo(m2);
          if (data.features.length) m2.fitBounds(g.getBounds(), { padding: [10, 10], animate: false });
        });
    }
  }
})();
