// Report a problem (cases/resident/report.html): a pin on a Leaflet map (tap, drag or "use my location"),
// the grids drawn for orientation, open cases of the same kind nearby (htmx), and a preview of the photos.
// Texts come from data attributes rendered by the server in the user's language.
(function () {
  "use strict";
  var el = document.getElementById("report-map");
  var form = document.getElementById("report-form");
  if (!form) return;
  var latInput = form.querySelector("[name=lat]");
  var lngInput = form.querySelector("[name=lng]");
  var status = document.getElementById("pin-status");

  function chosenCategory() {
    var c = form.querySelector("input[name=category]:checked");
    return c ? c.value : "";
  }

  function nearby() {
    var category = chosenCategory();
    if (!el || !category || !latInput.value || !lngInput.value || !window.htmx) return;
    var q = new URLSearchParams({ category: category, lat: latInput.value, lng: lngInput.value });
    window.htmx.ajax("GET", el.dataset.nearby + "?" + q.toString(), { target: "#nearby", swap: "innerHTML" });
  }

  form.querySelectorAll("input[name=category]").forEach(function (r) { r.addEventListener("change", nearby); });

  // Emergency advice: the chosen category's box (rendered by the server, hidden for the others) shows first.
  var emergency = document.getElementById("emergency");
  function emergencyShow() {
    if (!emergency) return;
    var category = chosenCategory();
    var shown = null;
    emergency.querySelectorAll("section.emergency").forEach(function (box) {
      var on = box.dataset.category === category;
      box.hidden = !on;
      if (on) shown = box;
    });
    if (shown && shown.getBoundingClientRect().top < 0) shown.scrollIntoView({ block: "start" });
  }
  form.querySelectorAll("input[name=category]").forEach(function (r) { r.addEventListener("change", emergencyShow); });
  emergencyShow();

  if (el && window.L && window.JMap) {
    var map = JMap.map(el, 15, { zoomSnap: 0.5 });
    var gridData = null;
    var area = document.getElementById("pin-area");

    // Where the pin falls: its grid and 居民区, with a warning when that is not the resident's own (a check, not a block).
    var where = function (latlng) {
      if (!area || !gridData) return;
      var f = JMap.featureAt(gridData, latlng);
      area.textContent = "";
      area.hidden = false;
      area.classList.remove("warn");
      delete el.dataset.pinDistrict;
      if (!f) {
        area.textContent = area.dataset.outside;
        return;
      }
      var p = f.properties;
      el.dataset.pinDistrict = p.district || "";
      area.appendChild(JMap.node("span", area.dataset.in.replace("{grid}", p.name).replace("{district}", p.district || "")));
      var homes = (area.dataset.homeIds || "").split(",").filter(Boolean);
      if (homes.length && homes.indexOf(String(p.district_id)) < 0) {
        area.classList.add("warn");
        area.appendChild(JMap.node("strong", area.dataset.other.replace("{home}", area.dataset.homeNames || ""), "pin-area-warning"));
      }
    };

    var pin = JMap.picker(map, {
      lat: latInput, lng: lngInput, status: status, locate: document.getElementById("use-location"),
      text: { pinSet: el.dataset.pinSet, locating: el.dataset.locating, locateFailed: el.dataset.locateFailed },
      onChange: function (latlng) { where(latlng); nearby(); }
    });
    var hadPin = !!pin.latlng();

    JMap.grids(map, el.dataset.grids, { weight: 1.5, fillOpacity: 0.08, interactive: true })
      .then(function (layer) {
        if (!layer) throw new Error("grids");
        gridData = layer.toGeoJSON();
        layer.eachLayer(function (l) {
          l.bindTooltip(JMap.content(l.feature.properties.name));  // a tap on a grid bubbles to the map: the picker places the pin
        });
        if (!hadPin) JMap.fit(map, layer, { padding: [8, 8] });
        else where(pin.latlng());
        el.dataset.loaded = String(layer.featureCount);
      })
      .catch(function () { el.dataset.loaded = "0"; });
  }

  // Photos: a preview of what was chosen, and a warning above the limit (the server checks again).
  var input = form.querySelector("input[type=file][name=photos]");
  var preview = document.getElementById("photo-preview");
  var warning = document.getElementById("photo-warning");
  if (input && preview) {
    input.addEventListener("change", function () {
      preview.querySelectorAll("img").forEach(function (img) { URL.revokeObjectURL(img.src); });
      preview.textContent = "";
      var max = Number(preview.dataset.max || 6);
      var files = Array.prototype.slice.call(input.files || []);
      if (warning) {
        warning.hidden = files.length <= max;
        warning.textContent = files.length > max ? preview.dataset.tooMany : "";
      }
      files.slice(0, max).forEach(function (f, i) {
        if (!/^image\//.test(f.type)) return;
        var li = document.createElement("li");
        var img = document.createElement("img");
        img.src = URL.createObjectURL(f);
        img.alt = f.name || String(i + 1);
        li.appendChild(img);
        preview.appendChild(li);
      });
    });
  }
})();
