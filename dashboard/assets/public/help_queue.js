/* Jitasa Map: the map of /help-requests (dashboard/pages/help_queue). The list is plain HTML and works without this
 * file; with it, each request of the list is a dot on a Leaflet map (vendored; our own province boundaries; tiles only
 * when JITASA_TILE_URL is set), coloured by its status; a tap on a dot brings its card into view. The district
 * outlines of the provinces shown (the queue's area and those of its requests) tell where a dot is. */
(function () {
  'use strict';
  var box = document.getElementById('help-queue-map');
  if (!box || !window.L) { return; }
  var L = window.L;
  var map = L.map(box, {attributionControl: false, zoomControl: false});
  L.control.zoom({zoomInTitle: box.dataset.zoomIn, zoomOutTitle: box.dataset.zoomOut}).addTo(map);
  if (box.dataset.tiles) { L.tileLayer(box.dataset.tiles, {maxZoom: 18}).addTo(map); }
  var points = [], provinces = {};
  if (/^\d{2}/.test(box.dataset.area || '')) { provinces[box.dataset.area.slice(0, 2)] = true; }
  Array.prototype.forEach.call(document.querySelectorAll('#help-queue > li'), function (card) {
    if (card.dataset.area) { provinces[card.dataset.area.slice(0, 2)] = true; }
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
  var provinceLayer = null, districtLayer = null;
  fetch('/api/v1/areas/province.geojson').then(function (r) { return r.ok ? r.json() : null; }).then(function (geo) {
    if (geo) {
      provinceLayer = L.geoJSON(geo, {interactive: false, style: {color: '#5f6b7a', weight: 1.5, fill: true,
        fillColor: '#fff', fillOpacity: 0.6}}).addTo(map).bringToBack();
    }
  }).catch(function () {});
  if (Object.keys(provinces).length) {
    fetch('/api/v1/areas/district.geojson').then(function (r) { return r.ok ? r.json() : null; }).then(function (geo) {
      if (!geo) { return; }
      districtLayer = L.geoJSON(geo, {
        interactive: false,
        filter: function (f) { return provinces[String(f.properties.code).slice(0, 2)] === true; },
        style: {color: '#8a94a3', weight: 0.8, dashArray: '3 3', fill: false}
      }).addTo(map).bringToBack();
      if (provinceLayer) { provinceLayer.bringToBack(); }  /* the province fill stays under the district lines */
      window.jitasaHelpQueueDistricts = districtLayer;  /* for the browser tests */
    }).catch(function () {});
  }
  window.jitasaHelpQueueMap = map;  /* for the browser tests */
})();
