// Grid map: Leaflet with the grids' GeoJSON. Works with no tile server; a tile URL is a setting.
(function () {
  var el = document.getElementById("map");
  if (!el || !window.L) return;
  var center = (el.dataset.center || "31.03,121.23").split(",").map(Number);
  var map = L.map(el, { zoomSnap: 0.25 }).setView(center, 14);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
  }
  var palette = ["#b42318", "#0b5cab", "#0e7a4b", "#8a5a00", "#6941c6", "#c11574", "#026aa2", "#4e5ba6"];
  var focus = el.dataset.focus ? Number(el.dataset.focus) : null;
  fetch(el.dataset.geojson, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var districts = {};
      var layer = L.geoJSON(data, {
        style: function (f) {
          var d = f.properties.district;
          if (!(d in districts)) districts[d] = Object.keys(districts).length;
          var mine = focus === f.properties.id;
          return { color: palette[districts[d] % palette.length], weight: mine ? 4 : 1.5, fillOpacity: mine ? 0.45 : 0.2 };
        },
        onEachFeature: function (f, l) {
          l.bindTooltip(JMap.content(f.properties.district + " · " + f.properties.name));
          l.on("click", function () { window.location.href = f.properties.url; });
        }
      }).addTo(map);
      if (data.features.length) map.fitBounds(layer.getBounds(), { padding: [10, 10] });
      el.dataset.loaded = String(data.features.length);
    });
})();
