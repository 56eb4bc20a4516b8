/* Jitasa Map: the finder's service worker, served at /sw.js (dashboard/public.py) for the scope /find.
 * It keeps the page's shell (its style, script, icons and the map's library and boundaries) and the last lists
 * fetched, so the finder opens without a network: a list then shows the time it was fetched (on the page) and a
 * note that the phone is offline (finder.js). Lists: the network first, the kept copy when there is none. */
'use strict';
var SHELL = 'jitasa-finder-shell-v3';  // v3: versions matched exactly (v2's copies are dropped)
var LISTS = 'jitasa-finder-lists-v1';
var SHELL_FILES = ['/find', '/assets/public/public.css', '/assets/public/locate.js', '/assets/public/finder.js', '/assets/public/icon-192.png',
  '/manifest.webmanifest'];
var KEEP_LISTS = 10;

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) { return cache.addAll(SHELL_FILES); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== SHELL && n !== LISTS; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

function isList(url) { return url.pathname === '/find'; }
function isShell(url) {
  return url.pathname.indexOf('/assets/public/') === 0 || url.pathname.indexOf('/assets/vendor/leaflet/') === 0 ||
    url.pathname === '/api/v1/areas/province.geojson' || url.pathname === '/manifest.webmanifest';
}

function trim(cache) {
  return cache.keys().then(function (keys) {
    return Promise.all(keys.slice(0, Math.max(0, keys.length - KEEP_LISTS)).map(function (k) { return cache.delete(k); }));
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (isList(url)) {
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        var last = response.clone();
        caches.open(LISTS).then(function (cache) {
          return Promise.all([cache.put(request, copy), cache.put('/find?last', last)]).then(function () { return trim(cache); });
        });
      }
      return response;
    }).catch(function () {
      return caches.open(LISTS).then(function (cache) {
        return cache.match(request, {ignoreVary: true}).then(function (kept) {
          return kept || cache.match('/find?last').then(function (last) {
            return last || caches.match('/find');
          });
        });
      });
    }));
    return;
  }
  if (isShell(url)) {
    event.respondWith(url.search ? versioned(request, url) : keptThenFresh(request));
  }
});

/* A file named with its version (?m=…, dashboard/public.py): that very version when kept, else the network (the
 * older versions of the file then leave the cache), else any kept version when offline. Matching without the
 * version served the first copy ever kept, so a phone that had visited never saw a new finder. */
function versioned(request, url) {
  return caches.match(request).then(function (kept) {
    if (kept) { return kept; }
    return fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(SHELL).then(function (cache) {
          return cache.keys().then(function (keys) {
            return Promise.all(keys.filter(function (k) {
              var old = new URL(k.url);
              return old.pathname === url.pathname && old.search !== url.search;
            }).map(function (k) { return cache.delete(k); }));
          }).then(function () { return cache.put(request, copy); });
        });
      }
      return response;
    }).catch(function () { return caches.match(request, {ignoreSearch: true}); });
  });
}

/* A file without a version (the boundaries, the manifest): the kept copy at once, replaced from the network for the
 * next visit. */
function keptThenFresh(request) {
  return caches.match(request).then(function (kept) {
    var fresh = fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(SHELL).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
    return kept || fresh;
  });
}
