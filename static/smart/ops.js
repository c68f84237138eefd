// Live operations page: a small JSON poll every few seconds.
//  - when the active alarms changed (new, repeated, acknowledged, cleared) the alarms fragment is fetched
//    again (htmx listens for "alarms-changed" on <body>);
//  - each alarm opened since the last poll pops up a toast with role="alert", so screen readers announce it;
//    toasts stay until dismissed (Escape dismisses the newest) and link to the device;
//  - the header's count of critical alarms (base.html, #header-alarms) follows the poll's `critical`: it appears,
//    changes or goes without a reload (its words come from data-critical-one/-many, "2" replaced by the count).
(function () {
  var box = document.getElementById("alarm-toasts");
  if (!box) return;
  var lastId = Number(box.dataset.lastId || 0);
  var signature = box.dataset.signature || "";
  var every = Math.max(2, Number(box.dataset.every || 5)) * 1000;
  var MAX_TOASTS = 5;

  function toast(a) {
    var t = document.createElement("div");
    t.className = "toast sev-" + a.severity;
    t.setAttribute("role", "alert");
    t.dataset.alarm = String(a.id);
    var p = document.createElement("p");
    p.textContent = a.text + " ";
    var link = document.createElement("a");
    link.href = a.url;
    link.textContent = box.dataset.open || "Open";
    p.appendChild(link);
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = box.dataset.close || "Dismiss";
    close.addEventListener("click", function () { t.remove(); });
    t.appendChild(p);
    t.appendChild(close);
    box.appendChild(t);
    while (box.children.length > MAX_TOASTS) box.removeChild(box.firstElementChild);
  }

  function critical(n) {
    var link = document.getElementById("header-alarms");
    if (!n) { if (link) link.remove(); return; }
    if (!link) {
      var brand = document.querySelector("header.top .brand");
      if (!brand) return;
      link = document.createElement("a");
      link.id = "header-alarms";
      link.className = "header-alarms";
      link.href = box.dataset.criticalUrl || "#";
      brand.insertAdjacentElement("afterend", link);
    }
    var words = n === 1 ? (box.dataset.criticalOne || "1") : (box.dataset.criticalMany || "2").replace("2", String(n));
    link.textContent = "";
    var sign = document.createElement("span");
    sign.setAttribute("aria-hidden", "true");
    sign.textContent = "⚠";
    link.appendChild(sign);
    link.appendChild(document.createTextNode(" " + words));
  }

  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && box.lastElementChild) box.lastElementChild.remove();
  });

  function poll() {
    if (document.hidden) return;
    fetch(box.dataset.poll + "?after=" + lastId, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) {
        if (!d) return;
        d.new.slice().reverse().forEach(toast);
        lastId = Math.max(lastId, Number(d.last_id || 0));
        if (typeof d.critical === "number") critical(d.critical);
        if (d.signature !== signature) {
          signature = d.signature;
          if (window.htmx) window.htmx.trigger(document.body, "alarms-changed");
        }
        box.dataset.polled = String(Number(box.dataset.polled || 0) + 1);
      })
      .catch(function () { /* next time */ });
  }
  setInterval(poll, every);
})();
