// Patrol page (cases/staff/patrol.html): a pin on the map (tap, or "use my location"), written into the
// latitude and longitude fields; typed coordinates move the pin. My grids are drawn in blue over every grid's
// thin outline, so a pin outside them shows before sending. Texts come from data attributes in the user's
// language. The map goes through JMap (static/core/maps.js) only.
(function () {
  "use strict";
  var form = document.getElementById("patrol-form");
  if (!form) return;
  var lat = form.querySelector("[name=lat]");
  var lng = form.querySelector("[name=lng]");
  var el = document.getElementById("patrol-map");
  var btn = document.getElementById("locate");
  var status = document.getElementById("locate-status");
  var where = document.getElementById("pin-where");
  var map = null;
  var marker = null;
  var mine = null; // my grids' layer, once loaded

  function say(text) { if (status) status.textContent = text || ""; }

  // Ray casting over a GeoJSON ring of [lng, lat] pairs.
  function inRing(x, y, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  }

  function inGeometry(x, y, g) {
    var polygons = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    return polygons.some(function (rings) {
      return inRing(x, y, rings[0]) && !rings.slice(1).some(function (hole) { return inRing(x, y, hole); });
    });
  }

  // Tell, before sending, whether the pin is in one of my grids (the server checks again).
  function tell(latlng) {
    if (!where || !mine || !latlng) return;
    var name = null;
    mine.eachLayer(function (l) {
      if (name === null && l.feature && inGeometry(latlng.lng, latlng.lat, l.feature.geometry)) name = l.feature.properties.name;
    });
    where.textContent = name !== null ? where.dataset.inside.replace("{name}", name) : where.dataset.outside;
    where.className = "pin-where " + (name !== null ? "inside" : "outside");
  }

  function show(latlng, pan) {
    if (!map) return;
    if (marker) marker.setLatLng(latlng);
    else marker = JMap.pin(map, latlng, "#b42318", 11);
    if (pan) map.setView(latlng, Math.max(map.getZoom(), 16), { animate: false }); // an animation would undo a fit that follows
    tell(latlng);
  }

  function place(latlng, pan) {
    lat.value = latlng.lat.toFixed(6);
    lng.value = latlng.lng.toFixed(6);
    show(latlng, pan);
    if (el) {
      el.dataset.pinned = "1";
      say(el.dataset.pinSet);
    }
  }

  function typed() {
    var a = Number(lat.value), b = Number(lng.value);
    if (lat.value && lng.value && isFinite(a) && isFinite(b) && Math.abs(a) <= 90 && Math.abs(b) <= 180) show(L.latLng(a, b), true);
  }

  if (el && window.L && window.JMap) {
    map = JMap.map(el, 15, { zoomSnap: 0.5 });
    map.on("click", function (e) { place(e.latlng, false); });
    var hadPin = lat.value && lng.value;
    if (hadPin) typed();
    JMap.grids(map, el.dataset.allGrids, { color: "#7b8794", weight: 1, fillOpacity: 0, interactive: false }).catch(function () {});
    JMap.grids(map, el.dataset.grids, { weight: 2, fillOpacity: 0.12, interactive: true })
      .then(function (layer) {
        if (!layer) throw new Error("grids");
        layer.eachLayer(function (l) {
          l.bindTooltip(JMap.content(l.feature.properties.name));
          l.on("click", function (e) { place(e.latlng, false); });
        });
        mine = layer;
        // no pin yet: my grids fill the map; a pin kept from the last try: the pin and my grids both in view
        JMap.fit(map, hadPin && marker ? layer.getBounds().extend(marker.getLatLng()) : layer, { padding: [16, 16] });
        if (marker) tell(marker.getLatLng());
        el.dataset.loaded = String(layer.featureCount);
      })
      .catch(function () { el.dataset.loaded = "0"; });
    lat.addEventListener("change", typed);
    lng.addEventListener("change", typed);
  }

  if (btn) {
    if (!navigator.geolocation) {
      btn.hidden = true;
    } else {
      btn.addEventListener("click", function () {
        say(btn.dataset.busy);
        navigator.geolocation.getCurrentPosition(function (pos) {
          place(L.latLng(pos.coords.latitude, pos.coords.longitude), true);
          say(btn.dataset.found + " (±" + Math.round(pos.coords.accuracy) + " m)");
        }, function () { say(btn.dataset.failed); }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
      });
    }
  }
})();
