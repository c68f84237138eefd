// Patrol page: fill the pin from the phone's location.
(function () {
  var btn = document.getElementById("locate");
  if (!btn) return;
  var status = document.getElementById("locate-status");
  var lat = document.getElementById("id_lat"), lng = document.getElementById("id_lng");
  function say(text) { if (status) status.textContent = text; }
  if (!navigator.geolocation) { btn.hidden = true; return; }
  btn.addEventListener("click", function () {
    say(btn.dataset.busy);
    navigator.geolocation.getCurrentPosition(function (pos) {
      lat.value = pos.coords.latitude.toFixed(6);
      lng.value = pos.coords.longitude.toFixed(6);
      say(btn.dataset.found + " (±" + Math.round(pos.coords.accuracy) + " m)");
    }, function () { say(btn.dataset.failed); }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });
})();
