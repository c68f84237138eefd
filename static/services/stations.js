// Station and 睦邻点 pages: maps (static/core/maps.js), the reception desk's resident picker,
// and the print button of the roster. No inline scripts (Content-Security-Policy).
(function () {
  var STATE_COLOURS = { active: "#0e7a4b", proposed: "#6941c6", flagged: "#b54708", under_review: "#8a5a00" };

  function marker(f, latlng) {
    var p = f.properties;
    if (p.layer === "place") {
      return L.circleMarker(latlng, { radius: p.kind === "centre" ? 12 : 9, color: "#fff", weight: 2, fillColor: "#b42318", fillOpacity: 0.95, className: "map-place" });
    }
    return L.circleMarker(latlng, {
      radius: 6, color: p.is_model ? "#0b5cab" : "#fff", weight: p.is_model ? 3 : 1.5,
      fillColor: STATE_COLOURS[p.state] || "#52606d", fillOpacity: 0.9, className: "map-point state-dot-" + p.state
    });
  }

  if (window.L && window.JMap) {
    document.querySelectorAll(".js-map[data-geojson]").forEach(function (el) {
      var map = JMap.map(el, 13);
      JMap.geojson(el.dataset.geojson)
        .then(function (data) {
          var layer = L.geoJSON(data, {
            pointToLayer: marker,
            onEachFeature: function (f, l) {
              var p = f.properties;
              l.bindTooltip(JMap.content(p.layer === "place" ? p.name : p.name + " · " + (p.district || "") + " · " + (p.state_label || "")));
              l.on("click", function () { window.location.href = p.url; });
            }
          }).addTo(map);
          JMap.fit(map, layer, { padding: [24, 24], maxZoom: 16 });
          el.dataset.loaded = String(data.features.length);
          var count = el.dataset.count ? document.getElementById(el.dataset.count) : null;
          if (count) count.textContent = (count.dataset.text || "{n}").replace("{n}", String(data.features.length));
        });
    });

    document.querySelectorAll(".js-pin[data-lat]").forEach(function (el) {
      var ll = [Number(el.dataset.lat), Number(el.dataset.lng)];
      el.dataset.center = ll.join(",");
      var m = JMap.map(el, 16);
      JMap.pin(m, ll, "#b42318", 10).bindTooltip(JMap.content(el.dataset.label || ""));
      el.dataset.loaded = "1";
    });

    var pick = document.getElementById("point-pin-map");
    if (pick) {
      var status = document.getElementById("pin-status");
      JMap.picker(JMap.map(pick, 14), { lat: "id_lat", lng: "id_lng", status: status, zoom: 16, text: { pinSet: status ? status.dataset.set : "" } });
    }
  }

  document.addEventListener("click", function (e) {
    var btn = e.target.closest("[data-print]");
    if (btn) { e.preventDefault(); window.print(); return; }
    var res = e.target.closest("button[data-resident-id]");
    if (res) {
      e.preventDefault();
      var input = document.getElementById("id_resident");
      if (input) input.value = res.dataset.residentId;
      var chosen = document.getElementById("chosen-resident");
      if (chosen) { chosen.textContent = res.dataset.residentLabel; chosen.hidden = false; }
      var list = document.getElementById("resident-results");
      if (list) list.innerHTML = "";
      var name = document.getElementById("id_visitor_name");
      if (name && !name.value) name.value = res.dataset.residentName || "";
    }
  });
})();
