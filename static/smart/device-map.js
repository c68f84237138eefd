// Device maps (static/core/maps.js):
//  #device-map  devices from the scoped GeoJSON, coloured by state, a thick outline when an alarm is active;
//               a device with an active critical alarm (properties.critical) is unmistakable: a larger red marker
//               with a dark ring, drawn above the others, and its alarm's name (properties.alarm_label) as a label
//               that stays open beside it (not colour alone); a popup with the latest readings and a link;
//               refetched every data-refresh seconds if set.
//  #device-pin  one device's pin on its page.
// Popups are built as DOM nodes with textContent: device names and readings are never parsed as HTML.
(function () {
  if (!window.L || !window.JMap) return;
  var COLOURS = { online: "#0e7a4b", offline: "#b42318", unknown: "#9aa5b1" };
  var CRITICAL = "#e5180b";
  var node = JMap.node;

  function popup(p, el) {
    var box = node("div");
    var title = node("strong", p.name);
    box.appendChild(title);
    box.appendChild(node("div", p.code + " · " + p.type + " · " + p.state_label));
    if (p.alarms) box.appendChild(node("div", p.severity_label + " · " + (p.alarm_label ? p.alarm_label + " · " : "") + p.alarms + " " + (el.dataset.alarms || "")));
    if (p.readings && p.readings.length) {
      var ul = node("ul", null, "popup-readings");
      p.readings.forEach(function (r) { ul.appendChild(node("li", r.name + (el.dataset.colon || ": ") + (r.text || r.value))); });
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
          // the most severe last, so that they are drawn on top of the others
          data.features.sort(function (a, b) { return (a.properties.severity || 0) - (b.properties.severity || 0); });
          var next = L.geoJSON(data, {
            pointToLayer: function (f, latlng) {
              var p = f.properties;
              if (p.critical) {
                return L.circleMarker(latlng, {
                  radius: 13, color: "#1f0505", weight: 4, fillColor: CRITICAL, fillOpacity: 1, className: "device-dot device-dot-critical"
                });
              }
              return L.circleMarker(latlng, {
                radius: 7, color: p.alarms ? "#000" : "#fff", weight: p.alarms ? 3 : 1.5,
                fillColor: COLOURS[p.state] || "#52606d", fillOpacity: 0.9, className: "device-dot device-dot-" + p.state
              });
            },
            onEachFeature: function (f, l) {
              var p = f.properties;
              if (p.critical) {
                l.bindTooltip(JMap.content(node("span", "⚠ " + (p.alarm_label || p.severity_label) + " · " + p.name)),
                  { permanent: true, direction: "auto", offset: [0, 0], className: "critical-label" });
              } else {
                l.bindTooltip(JMap.content(p.name + " · " + p.state_label));
              }
              l.bindPopup(JMap.content(popup(p, all)));
            }
          });
          if (layer) map.removeLayer(layer);
          layer = next.addTo(map);
          if (!fitted && data.features.length) { JMap.fit(map, layer, { padding: [20, 20], maxZoom: 17 }); fitted = true; }
          all.dataset.loaded = String(data.features.length);
          all.dataset.critical = String(data.features.filter(function (f) { return f.properties.critical; }).length);
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
