/* Jitasa Map: the map of /help-requests (dashboard/pages/help_queue). The list is plain HTML and works without this
 * file; with it, each request of the list is a dot on a Leaflet map (vendored; our own province boundaries; tiles only
 * when JITASA_TILE_URL is set), coloured by its status; a tap on a dot brings its card into view. */
(function () {
  'use strict';
  var box = document.getElementById('help-queue-map');
  if (!box || !window.L) { return; }
  var L = window.L;
  var map = L.map(box, {attributionControl: false, zoomControl: false});
  L.control.zoom({zoomInTitle: box.dataset.zoomIn, zoomOutTitle: box.dataset.zoomOut}).addTo(map);
  if (box.dataset.tiles) { L.tileLayer(box.dataset.tiles, {maxZoom: 18}).addTo(map); }
  var points = [];
  Array.prototype.forEach.call(document.querySelectorAll('#help-queue > li'), function (card) {
    var lat = parseFloat(card.dataset.lat), lon = parseFloat(card.dataset.lon);
    if (!isFinite(lat) || !isFinite(lon)) { return; }
    points.push([lat, lon]);
    L.circleMarker([lat, lon], {radius: 8, color: '#fff', weight: 2, fillColor: card.dataset.color, fillOpacity: 0.95})
      .bindTooltip(card.dataset.label)
      .on('click', function () { card.scrollIntoView({behavior: 'smooth', block: 'center'}); })
      .addTo(map);
  });
  if (points.length) {
    map.fitBounds(L.latLngBounds(points), {padding: [30, 30], maxZoom: 14});
  } else {
    map.setView([13.5, 100.8], 5);
  }
  fetch('/api/v1/areas/province.geojson').then(function (r) { return r.ok ? r.json() : null; }).then(function (geo) {
    if (geo) {
      L.geoJSON(geo, {interactive: false, style: {color: '#5f6b7a', weight: 1, fill: true, fillColor: '#fff',
        fillOpacity: 0.6}}).addTo(map).bringToBack();
    }
  }).catch(function () {});
  window.jitasaHelpQueueMap = map;  /* for the browser tests */
})();
