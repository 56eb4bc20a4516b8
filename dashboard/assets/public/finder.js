/* Jitasa Map: the public finder's enhancements (dashboard/pages/find). The page works without this file: the list,
 * the form and the links are plain HTML. With it: "use my location", a new choice of type searches at once, a note
 * when the phone is offline, the service worker (sw.js) that keeps the page and the last list, and — after the list
 * has been drawn — the map (Leaflet, vendored; our own boundaries; tiles only when JITASA_TILE_URL is set).
 * Texts come from the page (<template id="find-texts">), never from this file. */
(function () {
  'use strict';
  var form = document.getElementById('find-form');
  if (!form) { return; }
  var texts = window.jitasaTexts('find-texts');

  function searchFrom(lat, lon) {
    document.getElementById('find-lat').value = lat.toFixed(5);
    document.getElementById('find-lon').value = lon.toFixed(5);
    document.getElementById('find-place').value = '';
    form.submit();
  }

  /* -- use my location (locate.js) -- */
  window.jitasaLocate(document.getElementById('find-locate'), document.getElementById('find-locate-message'), texts,
    searchFrom);

  /* -- a new choice of what to look for searches at once, when there is somewhere to search from -- */
  Array.prototype.forEach.call(form.querySelectorAll('input[name=type]'), function (radio) {
    radio.addEventListener('change', function () {
      Array.prototype.forEach.call(form.querySelectorAll('.pill'), function (pill) {
        pill.classList.toggle('selected', pill.querySelector('input').checked);
      });
      var where = document.getElementById('find-lat').value || document.getElementById('find-place').value;
      if (where) { form.submit(); }
    });
  });

  /* -- offline: the list is the one kept on the phone (its time is on the page) -- */
  var offline = document.getElementById('find-offline');
  function showOffline() { if (offline) { offline.hidden = navigator.onLine !== false; } }
  showOffline();
  window.addEventListener('online', showOffline);
  window.addEventListener('offline', showOffline);
  if ('serviceWorker' in navigator && window.isSecureContext) {
    navigator.serviceWorker.register('/sw.js', {scope: '/find'}).catch(function () {});
  }

  /* -- the map, after the list has been drawn -- */
  var box = document.getElementById('find-map');
  if (!box) { return; }
  function later(work) {
    if (window.requestIdleCallback) { window.requestIdleCallback(work, {timeout: 1500}); } else { setTimeout(work, 300); }
  }
  function loadLeaflet(done) {
    var css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = '/assets/vendor/leaflet/leaflet.css';
    document.head.appendChild(css);
    var script = document.createElement('script');
    script.src = '/assets/vendor/leaflet/leaflet.js';
    script.onload = done;
    document.head.appendChild(script);
  }
  function showCard(number) {
    var card = document.getElementById('find-item-' + number);
    if (!card) { return; }
    card.scrollIntoView({behavior: 'smooth', block: 'center'});
    card.classList.add('flash');
    setTimeout(function () { card.classList.remove('flash'); }, 1600);
  }
  function drawMap() {
    var L = window.L;
    var here = [parseFloat(box.dataset.lat), parseFloat(box.dataset.lon)];
    document.getElementById('find-map-box').hidden = false;
    var map = L.map(box, {zoomControl: false, attributionControl: false, tap: true});
    L.control.zoom({zoomInTitle: box.dataset.zoomIn, zoomOutTitle: box.dataset.zoomOut}).addTo(map);
    box.classList.add('drawn');
    if (box.dataset.tiles) { L.tileLayer(box.dataset.tiles, {maxZoom: 18}).addTo(map); }
    var points = [here];
    L.marker(here, {icon: L.divIcon({className: 'here-dot', iconSize: [18, 18]}), title: box.dataset.here,
      keyboard: false}).addTo(map);
    Array.prototype.forEach.call(document.querySelectorAll('#find-results > li'), function (card) {
      var at = [parseFloat(card.dataset.lat), parseFloat(card.dataset.lon)];
      points.push(at);
      L.circleMarker(at, {radius: card.dataset.n === '1' ? 11 : 8, color: '#fff', weight: 2,
        fillColor: card.dataset.color || box.dataset.color, fillOpacity: 0.95, bubblingMouseEvents: false})
        .bindTooltip(card.dataset.n + '. ' + card.dataset.name)
        .on('click', function () { showCard(card.dataset.n); })
        .addTo(map);
    });
    map.fitBounds(L.latLngBounds(points), {padding: [30, 30], maxZoom: 15});
    map.on('click', function (event) { searchFrom(event.latlng.lat, event.latlng.lng); });
    fetch('/api/v1/areas/province.geojson').then(function (r) { return r.ok ? r.json() : null; }).then(function (geo) {
      if (geo) {
        L.geoJSON(geo, {interactive: false, style: {color: '#5f6b7a', weight: 1, fill: true, fillColor: '#fff',
          fillOpacity: 0.6}}).addTo(map).bringToBack();
      }
    }).catch(function () {});
    window.jitasaFinderMap = map;  /* for the browser tests */
  }
  function start() { later(function () { loadLeaflet(drawMap); }); }
  if (document.readyState === 'complete') { start(); } else { window.addEventListener('load', start); }
})();
