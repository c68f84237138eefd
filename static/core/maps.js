// The one Leaflet setup of the site (issue 14 item 7, issue 15 item 3): every page that draws a map loads Leaflet
// and this file (templates/components/map_scripts.html, which also writes the #jmap-config data block) and builds
// its map through JMap; no page script calls L.map or L.tileLayer itself.
//  JMap.map(el, zoom, options)   a map in el, centred on data-center ("lat,lng"), with the tiles of MAP_TILE_URL
//                                (data-tiles/data-attribution on el still win) and, under everything, the base
//                                layer drawn from the project's own records (居民区 areas, grid outlines, buildings
//                                and street names, labelled by zoom; only the labels when there are tiles), and a
//                                place search box. options go to L.map (zoomSnap 0.25 unless given), except
//                                JMap's own: base: false (no base layer), search: false (no search box; also off
//                                on a map of one place, el with data-lat, and with data-search="off")
//  JMap.fit(map, layer, options) fit the map to a layer's bounds when it has any (no animation)
//  JMap.geojson(url)             a promise of the GeoJSON at url (same-origin credentials; null when refused)
//  JMap.grids(map, url, style)   the grid overlay: the grids' polygons drawn for orientation, not clickable
//                                unless style.interactive; a promise of the layer (null when refused)
//  JMap.pin(map, latlng, colour, radius)   one circle marker (the house pin)
//  JMap.picker(map, options)     a form's pin: tap or drag to place it, "use my location"; writes the stored
//                                coordinates (WGS-84) into options.lat / options.lng (inputs or ids); options:
//                                locate (a button; without it a button on the map; false: none), status (an
//                                aria-live element), zoom (17), onChange(latlng), text ({pinSet, locating,
//                                locateFailed, locate, pin}: the page's own wording). Coordinates typed into
//                                visible inputs move the pin. Returns {place(latlng, pan), clear(), latlng(), locate()}
//  JMap.featureAt(data, latlng)  the first polygon feature of a GeoJSON FeatureCollection containing latlng
//  JMap.toTile(latlng), JMap.fromTile(latlng), JMap.crs   stored (WGS-84) ⇄ the tiles' system (MAP_CRS: WGS84
//                                or GCJ02). Maps in GCJ02 use a projection that converts, so layers and clicks
//                                stay in stored coordinates; these are for anything outside Leaflet.
//  JMap.node(tag, text, cls)     a DOM element holding text
//  JMap.content(value)           what Leaflet tooltips and popups are given (below)
// Text, never HTML, in every map label (issue 13 item 15). Leaflet's bindTooltip, bindPopup, setTooltipContent
// and setPopupContent parse a string as HTML, so a name such as <img src=x onerror=...> would become an element.
// Every map script passes them JMap.content(value): a DOM node (built with textContent, e.g. by JMap.node) is used
// as it is, anything else becomes a <span> holding it as text. Chart tooltips go through JChart.tooltip
// (static/core/charts.js). tests/test_static_text_only.py fails when a static script does otherwise.
(function () {
  var CENTER = "31.03,121.23";
  var OWN = { base: true, search: true };
  var config = (function () {
    var n = document.getElementById("jmap-config");
    try { return n ? JSON.parse(n.textContent) : {}; } catch (e) { return {}; }
  })();
  var T = config.text || {};
  var serial = 0;

  function node(tag, text, cls) {
    var n = document.createElement(tag);
    if (text !== undefined && text !== null) n.textContent = String(text);
    if (cls) n.className = cls;
    return n;
  }

  function content(value) {
    if (value instanceof Node) return value;
    return node("span", value === undefined || value === null ? "" : value);
  }

  // --- WGS-84 ⇄ GCJ-02: the published formula, the same as core/geo.py (tests/browser/test_maps.py compares them)
  var A = 6378245.0, EE = 0.00669342162296594323;

  function outOfChina(lat, lng) { return !(lng >= 72.004 && lng <= 137.8347 && lat >= 0.8293 && lat <= 55.8271); }

  function shift(lat, lng) {
    var x = lng - 105.0, y = lat - 35.0, PI = Math.PI;
    var waves = (20.0 * Math.sin(6.0 * x * PI) + 20.0 * Math.sin(2.0 * x * PI)) * 2.0 / 3.0;
    var dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x)) + waves;
    dlat += (20.0 * Math.sin(y * PI) + 40.0 * Math.sin(y / 3.0 * PI)) * 2.0 / 3.0;
    dlat += (160.0 * Math.sin(y / 12.0 * PI) + 320.0 * Math.sin(y * PI / 30.0)) * 2.0 / 3.0;
    var dlng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x)) + waves;
    dlng += (20.0 * Math.sin(x * PI) + 40.0 * Math.sin(x / 3.0 * PI)) * 2.0 / 3.0;
    dlng += (150.0 * Math.sin(x / 12.0 * PI) + 300.0 * Math.sin(x / 30.0 * PI)) * 2.0 / 3.0;
    var rad = lat / 180.0 * PI, magic = 1 - EE * Math.sin(rad) * Math.sin(rad), sq = Math.sqrt(magic);
    return [dlat * 180.0 / ((A * (1 - EE)) / (magic * sq) * PI), dlng * 180.0 / (A / sq * Math.cos(rad) * PI)];
  }

  function wgs84ToGcj02(lat, lng) {
    if (outOfChina(lat, lng)) return [lat, lng];
    var d = shift(lat, lng);
    return [lat + d[0], lng + d[1]];
  }

  function gcj02ToWgs84(lat, lng) {
    if (outOfChina(lat, lng)) return [lat, lng];
    var w = [lat, lng];
    for (var i = 0; i < 30; i++) {
      var g = wgs84ToGcj02(w[0], w[1]), e0 = g[0] - lat, e1 = g[1] - lng;
      w = [w[0] - e0, w[1] - e1];
      if (Math.abs(e0) < 1e-10 && Math.abs(e1) < 1e-10) break;
    }
    return w;
  }

  var tiled = !!config.tiles;
  var crs = tiled && config.crs === "GCJ02" ? "GCJ02" : "WGS84";

  function toTile(ll) {
    ll = L.latLng(ll);
    if (crs !== "GCJ02") return ll;
    var g = wgs84ToGcj02(ll.lat, ll.lng);
    return L.latLng(g[0], g[1]);
  }

  function fromTile(ll) {
    ll = L.latLng(ll);
    if (crs !== "GCJ02") return ll;
    var w = gcj02ToWgs84(ll.lat, ll.lng);
    return L.latLng(w[0], w[1]);
  }

  var gcjCRS = null;
  function leafletCRS() {
    if (crs !== "GCJ02" || !window.L) return null;
    if (!gcjCRS) {
      var merc = L.Projection.SphericalMercator;
      gcjCRS = L.extend({}, L.CRS.EPSG3857, {
        code: "JMAP:GCJ02",
        projection: {
          R: merc.R, bounds: merc.bounds,
          project: function (ll) { return merc.project(toTile(ll)); },
          unproject: function (p) { return fromTile(merc.unproject(p)); }
        }
      });
    }
    return gcjCRS;
  }

  // --- the map
  function map(el, zoom, options) {
    var o = { zoomSnap: 0.25, maxZoom: 19 }, own = {};
    Object.keys(options || {}).forEach(function (k) { if (OWN[k]) own[k] = options[k]; else o[k] = options[k]; });
    var tiles = el.dataset.tiles || config.tiles || "";
    if (!o.crs && tiles && leafletCRS()) o.crs = leafletCRS();
    var center = (el.dataset.center || (config.center ? config.center.join(",") : CENTER)).split(",").map(Number);
    var m = L.map(el, o).setView(center, zoom || 14);
    if (tiles) L.tileLayer(tiles, { maxZoom: 19, attribution: el.dataset.attribution || config.attribution || "" }).addTo(m);
    if (own.base !== false && el.dataset.base !== "off" && config.base) base(m, config.base, !!tiles);
    if (own.search !== false && el.dataset.search !== "off" && !el.dataset.lat && config.search) searchBox(m);
    return m;
  }

  function fit(m, layer, options) {
    var o = { animate: false };
    Object.keys(options || {}).forEach(function (k) { o[k] = options[k]; });
    var bounds = layer.getBounds ? layer.getBounds() : layer;
    if (bounds && bounds.isValid && bounds.isValid()) m.fitBounds(bounds, o);
  }

  function geojson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; });
  }

  function grids(m, url, style) {
    var s = { color: "#0b5cab", weight: 1, fillOpacity: 0.05, interactive: false };
    Object.keys(style || {}).forEach(function (k) { s[k] = style[k]; });
    return geojson(url).then(function (data) {
      if (!data || !data.features) return null;
      var layer = L.geoJSON(data, { style: s, interactive: s.interactive });
      layer.featureCount = data.features.length;
      return layer.addTo(m);
    });
  }

  function pin(m, latlng, colour, radius) {
    return L.circleMarker(latlng, { radius: radius || 9, color: "#fff", weight: 2, fillColor: colour || "#b42318", fillOpacity: 0.95 }).addTo(m);
  }

  // --- the base layer: one fetch per page, shared by every map on it
  var baseFetch = {};
  function baseData(url) {
    if (!baseFetch[url]) baseFetch[url] = geojson(url).catch(function () { return null; });
    return baseFetch[url];
  }

  function pane(m, name, z) {
    var p = m.getPane(name) || m.createPane(name);
    p.style.zIndex = String(z);
    p.style.pointerEvents = "none";
    return p;
  }

  // Labels by zoom, thinned so that none overlaps another: the more important first (居民区, streets, grids,
  // buildings), each drawn only when its box is free, redrawn after every move and zoom.
  // (made on first use: some pages load this file without Leaflet, for JMap.node)
  var Labels = null;
  function labelLayer(items) {
    if (!Labels) Labels = L.Layer.extend({
      initialize: function (items) { this._items = items; },
      onAdd: function (m) {
        this._box = node("div", null, "jmap-labels leaflet-zoom-hide");
        pane(m, "jmapLabels", 450).appendChild(this._box);
        m.on("moveend zoomend viewreset resize", this._draw, this);
        this._draw();
      },
      onRemove: function (m) {
        m.off("moveend zoomend viewreset resize", this._draw, this);
        this._box.remove();
      },
      _draw: function () {
        var m = this._map, z = m.getZoom(), size = m.getSize(), placed = [], box = this._box, shown = 0;
        box.textContent = "";
        var frame = m.getContainer().getBoundingClientRect();  // no label under the zoom buttons, the search box, ...
        m.getContainer().querySelectorAll(".leaflet-control").forEach(function (c) {
          var b = c.getBoundingClientRect();
          if (b.width) placed.push([b.left - frame.left, b.top - frame.top, b.right - frame.left, b.bottom - frame.top]);
        });
        for (var i = 0; i < this._items.length; i++) {
          var it = this._items[i];
          if (z < it.min || z >= it.max) continue;
          var c = m.latLngToContainerPoint(it.at);
          if (c.x < -50 || c.y < -20 || c.x > size.x + 50 || c.y > size.y + 20) continue;
          var w = width(it.text, it.size) + 6, h = it.size + 4, top = it.below ? c.y + 9 : c.y - h / 2;
          var r = [c.x - w / 2, top, c.x + w / 2, top + h];
          var free = true;
          for (var j = 0; j < placed.length && free; j++) {
            var q = placed[j];
            if (r[0] < q[2] && q[0] < r[2] && r[1] < q[3] && q[1] < r[3]) free = false;
          }
          if (!free) continue;
          placed.push(r);
          var p = m.latLngToLayerPoint(it.at), span = node("span", it.text, "jmap-label jmap-label-" + it.kind + (it.below ? " below" : ""));
          span.style.left = p.x + "px";
          span.style.top = p.y + "px";
          box.appendChild(span);
          shown++;
        }
        m.getContainer().dataset.labels = String(shown);
      }
    });
    return new Labels(items);
  }

  function width(text, size) {
    var w = 0;
    for (var i = 0; i < text.length; i++) w += text.charCodeAt(i) > 0x2e80 ? size : size * 0.6;
    return w;
  }

  // What each kind of feature shows at which zoom (labels), ordered by importance.
  var LABELS = [
    { kind: "district", min: 12, max: 17.5, size: 14 },
    { kind: "street", min: 15.5, max: 99, size: 12 },
    { kind: "grid", min: 14.5, max: 17.5, size: 12 },
    { kind: "building", min: 16.5, max: 17.5, size: 12, below: true, text: "name" },
    { kind: "building", min: 17.5, max: 99, size: 12, below: true, text: "address" }
  ];

  function base(m, url, overTiles) {
    var el = m.getContainer();
    el.classList.add(overTiles ? "jmap-tiled" : "jmap-plain");
    pane(m, "jmapBase", overTiles ? 250 : 150);
    var ready = baseData(url).then(function (data) {
      if (!data || !data.features) { el.dataset.baseLoaded = "0"; return null; }
      var by = { district: [], grid: [], building: [], street: [] };
      data.features.forEach(function (f) { if (by[f.properties.kind]) by[f.properties.kind].push(f); });
      if (!overTiles) {
        L.geoJSON({ type: "FeatureCollection", features: by.district }, {
          pane: "jmapBase", interactive: false,
          style: { color: "#a8957a", weight: 2, fillColor: "#fffbf2", fillOpacity: 1 }
        }).addTo(m);
        L.geoJSON({ type: "FeatureCollection", features: by.grid }, {
          pane: "jmapBase", interactive: false, style: { color: "#c9bfae", weight: 1, dashArray: "4 3", fill: false }
        }).addTo(m);
        var houses = L.layerGroup(by.building.map(function (f) {
          var c = f.geometry.coordinates;
          return L.circleMarker([c[1], c[0]], { pane: "jmapBase", interactive: false, radius: 4, color: "#8f8470", weight: 1, fillColor: "#ddd3c0", fillOpacity: 1 });
        }));
        var sizeHouses = function () {
          var z = m.getZoom();
          if (z < 14.5) { m.removeLayer(houses); return; }
          houses.eachLayer(function (l) { l.setRadius(z >= 18 ? 7 : z >= 17 ? 5 : z >= 15.5 ? 3.5 : 2.5); });
          if (!m.hasLayer(houses)) houses.addTo(m);
        };
        m.on("zoomend", sizeHouses);
        sizeHouses();
      }
      var items = [];
      LABELS.forEach(function (rule) {
        by[rule.kind].forEach(function (f) {
          var p = f.properties, text = rule.text === "address" ? (p.address || p.name) : p.name;
          if (!p.at || !text) return;
          items.push({ kind: rule.kind, text: text, at: L.latLng(p.at[1], p.at[0]), min: rule.min, max: rule.max, size: rule.size, below: rule.below });
        });
      });
      labelLayer(items).addTo(m);
      el.dataset.baseLoaded = String(data.features.length);
      return data;
    });
    m.jmapBase = ready;
    return ready;
  }

  // --- the place search: a labelled combobox over the map (arrow keys, Enter, Escape), results from the server
  function searchBox(m) {
    var id = "jmap-search-" + (++serial);
    var Control = L.Control.extend({
      options: { position: "topright" },
      onAdd: function () {
        var box = node("div", null, "jmap-search leaflet-bar");
        var label = node("label", T.search || "", "jmap-search-label");
        label.htmlFor = id;
        var input = node("input");
        input.type = "search";
        input.id = id;
        input.autocomplete = "off";
        input.placeholder = T.searchPlaceholder || "";
        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", id + "-list");
        input.setAttribute("aria-describedby", id + "-hint");
        var hint = node("span", T.searchHint || "", "jmap-sr");
        hint.id = id + "-hint";
        var list = node("ul", null, "jmap-results");
        list.id = id + "-list";
        list.setAttribute("role", "listbox");
        list.setAttribute("aria-label", T.search || "");
        list.hidden = true;
        var live = node("p", null, "jmap-sr");
        live.setAttribute("aria-live", "polite");
        [label, input, hint, list, live].forEach(function (n) { box.appendChild(n); });
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        wireSearch(m, input, list, live);
        return box;
      }
    });
    new Control().addTo(m);
  }

  function wireSearch(m, input, list, live) {
    var results = [], active = -1, timer = null, asked = 0, found = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function mark(i) {
      active = i;
      Array.prototype.forEach.call(list.children, function (li, k) { li.setAttribute("aria-selected", k === i ? "true" : "false"); });
      if (i >= 0 && list.children[i]) {
        input.setAttribute("aria-activedescendant", list.children[i].id);
        list.children[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(i) {
      var r = results[i];
      if (!r) return;
      close();
      input.value = r.label;
      if (found) { m.removeLayer(found); found = null; }
      if (r.bounds) {
        fit(m, L.latLngBounds(r.bounds), { padding: [12, 12], maxZoom: 17 });
      } else if (r.lat !== null && r.lat !== undefined) {
        m.setView([r.lat, r.lng], Math.max(m.getZoom(), 17.5), { animate: false });
        found = L.circleMarker([r.lat, r.lng], { radius: 11, color: "#0b5cab", weight: 3, fill: false, interactive: false, className: "jmap-found" }).addTo(m);
      }
      live.textContent = (T.moved || "{place}").replace("{place}", r.label);
      m.getContainer().dataset.found = r.label;
      m.fire("jmap:found", { result: r });
    }

    function show(data) {
      results = (data && data.results) || [];
      list.textContent = "";
      results.forEach(function (r, i) {
        var li = node("li", null, "jmap-result");
        li.id = input.id + "-opt-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.appendChild(node("span", r.label, "jmap-result-label"));
        li.appendChild(node("span", r.kind_label, "jmap-result-kind"));
        li.addEventListener("mousedown", function (e) { e.preventDefault(); });
        li.addEventListener("click", function () { choose(i); });
        list.appendChild(li);
      });
      if (!results.length) list.appendChild(node("li", T.noResults || "", "jmap-result-none"));
      list.hidden = false;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
      live.textContent = results.length ? (T.results || "{n}").replace("{n}", String(results.length)) : (T.noResults || "");
      active = -1;
    }

    function ask() {
      var q = input.value.trim();
      if (!q) { close(); list.textContent = ""; results = []; return; }
      var n = ++asked;
      fetch(config.search + "?" + new URLSearchParams({ q: q }).toString(), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (n === asked) show(data); })
        .catch(function () { if (n === asked) show(null); });
    }

    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 200); });
    input.addEventListener("keydown", function (e) {
      e.stopPropagation();
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (list.hidden && results.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        if (!results.length) return;
        var step = e.key === "ArrowDown" ? 1 : -1;
        mark(active < 0 ? (step > 0 ? 0 : results.length - 1) : (active + step + results.length) % results.length);
      } else if (e.key === "Enter") {
        e.preventDefault();  // never submits the form the map is in
        if (results.length && !list.hidden) choose(active >= 0 ? active : 0);
        else { clearTimeout(timer); ask(); }
      } else if (e.key === "Escape") {
        if (!list.hidden) { e.preventDefault(); close(); }
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  // --- a form's pin
  function field(x) { return typeof x === "string" ? document.getElementById(x) : x || null; }

  function picker(m, options) {
    var o = options || {}, lat = field(o.lat), lng = field(o.lng), status = field(o.status), marker = null;
    var text = {};
    ["pinSet", "locating", "locateFailed", "locate", "pin"].forEach(function (k) { text[k] = (o.text && o.text[k]) || T[k] || ""; });
    function say(s) { if (status) status.textContent = s; }

    function place(latlng, pan) {
      latlng = L.latLng(latlng);
      if (lat) lat.value = latlng.lat.toFixed(6);
      if (lng) lng.value = latlng.lng.toFixed(6);
      if (marker) {
        marker.setLatLng(latlng);
      } else {
        marker = L.marker(latlng, { draggable: true, keyboard: true, title: text.pin, alt: text.pin }).addTo(m);
        marker.on("dragend", function () { place(marker.getLatLng(), false); });
      }
      if (pan) m.setView(latlng, Math.max(m.getZoom(), o.zoom || 17));
      say(text.pinSet);
      m.getContainer().dataset.pinned = "1";
      if (o.onChange) o.onChange(latlng);
    }

    function clear() {
      if (marker) { m.removeLayer(marker); marker = null; }
      if (lat) lat.value = "";
      if (lng) lng.value = "";
      delete m.getContainer().dataset.pinned;
    }

    function locate() {
      if (!navigator.geolocation) return;
      say(text.locating);
      navigator.geolocation.getCurrentPosition(
        function (pos) { place([pos.coords.latitude, pos.coords.longitude], true); },  // GPS gives WGS-84: stored as it is
        function () { say(text.locateFailed); },
        { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 }
      );
    }

    m.on("click", function (e) { place(e.latlng, false); });
    [lat, lng].forEach(function (input) {  // coordinates typed in move the pin
      if (input && input.type !== "hidden") input.addEventListener("change", function () {
        var a = Number(lat.value), b = Number(lng.value);
        if (lat.value && lng.value && isFinite(a) && isFinite(b) && Math.abs(a) <= 90 && Math.abs(b) <= 180) place([a, b], true);
      });
    });
    var button = o.locate === false ? null : field(o.locate);
    if (!button && o.locate !== false && navigator.geolocation) {
      var Control = L.Control.extend({
        options: { position: "bottomleft" },
        onAdd: function () {
          var b = node("button", text.locate, "jmap-locate");
          b.type = "button";
          L.DomEvent.disableClickPropagation(b);
          return b;
        }
      });
      button = new Control().addTo(m).getContainer();
    }
    if (button) {
      if (!navigator.geolocation) button.hidden = true;
      else button.addEventListener("click", locate);
    }
    if (lat && lng && lat.value && lng.value && !isNaN(Number(lat.value)) && !isNaN(Number(lng.value))) place([Number(lat.value), Number(lng.value)], true);
    return { place: place, clear: clear, locate: locate, latlng: function () { return marker ? marker.getLatLng() : null; } };
  }

  // --- which polygon a point falls in (ray casting on each ring; holes count as outside)
  function inRing(x, y, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < xi + (y - yi) * (xj - xi) / (yj - yi)) inside = !inside;
    }
    return inside;
  }

  function inPolygon(x, y, rings) {
    if (!rings.length || !inRing(x, y, rings[0])) return false;
    for (var k = 1; k < rings.length; k++) if (inRing(x, y, rings[k])) return false;
    return true;
  }

  function featureAt(data, latlng) {
    var ll = L.latLng(latlng), features = (data && data.features) || [];
    for (var i = 0; i < features.length; i++) {
      var g = features[i].geometry;
      if (!g) continue;
      if (g.type === "Polygon" && inPolygon(ll.lng, ll.lat, g.coordinates)) return features[i];
      if (g.type === "MultiPolygon" && g.coordinates.some(function (p) { return inPolygon(ll.lng, ll.lat, p); })) return features[i];
    }
    return null;
  }

  window.JMap = {
    map: map, fit: fit, geojson: geojson, grids: grids, pin: pin, node: node, content: content,
    picker: picker, featureAt: featureAt, toTile: toTile, fromTile: fromTile, crs: crs, config: config,
    wgs84ToGcj02: wgs84ToGcj02, gcj02ToWgs84: gcj02ToWgs84
  };
})();
