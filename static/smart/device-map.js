// Device maps (static/core/maps.js):
//  #device-map  devices from the scoped GeoJSON, coloured by state, a thick outline when an alarm is active;
//               a popup with the latest readings and a link; refetched every data-refresh seconds if set.
//  #device-pin  one device's pin on its page.
// Popups are built as DOM nodes with textContent: device names and readings are never parsed as HTML.
(function () {
  if (!window.L || !window.JMap) return;
  var COLOURS = { online: "#0e7a4b", offline: "#b42318", unknown: "#9aa5b1" };
  var node = JMap.node;

  function popup(p, el) {
    var box = node("div");
    var title = node("strong", p.name);
    box.appendChild(title);
    box.appendChild(node("div", p.code + " · " + p.type + " · " + p.state_label));
    if (p.alarms) box.appendChild(node("div", p.severity_label + " · " + p.alarms + " " + (el.dataset.alarms || "")));
    if (p.readings && p.readings.length) {
      var ul = node("ul", null, "popup-readings");
      p.readings.forEach(function (r) { ul.appendChild(node("li", r.name + ": " + r.value + (r.unit ? " " + r.unit : ""))); });
      box.appendChild(ul);
    } else {
      box.appendChild(node("div", el.dataset.noReadings || ""));
    }
    var a = node("a", el.dataset.open || "Open");
    a.href = p.url;
    box.appendChild(a);
    return box;
  }

  var all = document.getElementById("device-map");
  if (all) {
    var map = JMap.map(all, 14), layer = null, fitted = false, reading = false;
    map.on("popupopen", function () { reading = true; });
    map.on("popupclose", function () { reading = false; });
    function load() {
      JMap.geojson(all.dataset.geojson)
        .then(function (data) {
          if (!data) return;
          var next = L.geoJSON(data, {
            pointToLayer: function (f, latlng) {
              var p = f.properties;
              return L.circleMarker(latlng, {
                radius: 7, color: p.alarms ? "#000" : "#fff", weight: p.alarms ? 3 : 1.5,
                fillColor: COLOURS[p.state] || "#52606d", fillOpacity: 0.9, className: "device-dot device-dot-" + p.state
              });
            },
            onEachFeature: function (f, l) {
              l.bindTooltip(JMap.content(f.properties.name + " · " + f.properties.state_label));
              l.bindPopup(JMap.content(popup(f.properties, all)));
            }
          });
          if (layer) map.removeLayer(layer);
          layer = next.addTo(map);
          if (!fitted && data.features.length) { JMap.fit(map, layer, { padding: [20, 20], maxZoom: 17 }); fitted = true; }
          all.dataset.loaded = String(data.features.length);
          var count = document.getElementById("map-count");
          if (count) count.textContent = (all.dataset.count || "{n}").replace("{n}", String(data.features.length));
        })
        .catch(function () { /* the next refresh tries again */ });
    }
    load();
    var every = Number(all.dataset.refresh || 0);
    if (every > 0) setInterval(function () { if (!document.hidden && !reading) load(); }, every * 1000);
  }

  var one = document.getElementById("device-pin");
  if (one) {
    var ll = [Number(one.dataset.lat), Number(one.dataset.lng)];
    one.dataset.center = ll.join(",");
    var m1 = JMap.map(one, 17);
    JMap.pin(m1, ll, COLOURS[one.dataset.state] || "#52606d").bindTooltip(JMap.content(one.dataset.label || ""));
    one.dataset.loaded = "1";
  }
})();
