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
  var map = null;
  var marker = null;

  function say(text) { if (status) status.textContent = text || ""; }

  function show(latlng, pan) {
    if (!map) return;
    if (marker) marker.setLatLng(latlng);
    else marker = JMap.pin(map, latlng, "#b42318", 11);
    if (pan) map.setView(latlng, Math.max(map.getZoom(), 17));
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
        if (!hadPin) JMap.fit(map, layer, { padding: [8, 8] });
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
