/* Jitasa Map: the follow-up pages' small enhancements (/home-visits, /review). The pages work without this file:
 * every list and form is plain HTML. With it: "my location" fills the round's start point from the phone's position,
 * and a button prints the round (the print stylesheet, followup.css, lays it out on A4). Texts come from the page's
 * data- attributes, never from this file. */
(function () {
  'use strict';
  var locate = document.getElementById('round-locate');
  var status = document.getElementById('round-locate-status');
  if (locate && 'geolocation' in navigator) {
    locate.hidden = false;
    locate.addEventListener('click', function () {
      status.textContent = locate.getAttribute('data-locating');
      navigator.geolocation.getCurrentPosition(function (position) {
        document.getElementById('round-lat').value = position.coords.latitude.toFixed(6);
        document.getElementById('round-lon').value = position.coords.longitude.toFixed(6);
        document.getElementById('round-form').submit();
      }, function () {
        status.textContent = locate.getAttribute('data-failed');
      }, {enableHighAccuracy: true, timeout: 15000, maximumAge: 60000});
    });
  }
  var print = document.getElementById('round-print');
  if (print) {
    print.hidden = false;
    print.addEventListener('click', function () { window.print(); });
  }
}());
