// Grid map: the grids' GeoJSON on a map (static/core/maps.js).
(function () {
  var el = document.getElementById("map");
  if (!el || !window.L || !window.JMap) return;
  var map = JMap.map(el, 14);
  var palette = ["#b42318", "#0b5cab", "#0e7a4b", "#8a5a00", "#6941c6", "#c11574", "#026aa2", "#4e5ba6"];
  var focus = el.dataset.focus ? Number(el.dataset.focus) : null;
  JMap.geojson(el.dataset.geojson)
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
      JMap.fit(map, layer, { padding: [10, 10] });
      el.dataset.loaded = String(data.features.length);
    });
})();
