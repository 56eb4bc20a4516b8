/* Jitasa Map: the browser side of the pages, as Dash clientside functions (namespace "jitasa").
 * Loaded on every page by Dash (assets/). Each function is declared in Python with
 * on.clientside("jitasa", "<name>", Output(...), Input(...)); see dashboard/page.py. */
(function () {
  'use strict';
  const clientside = (window.dash_clientside = window.dash_clientside || {});
  const noUpdate = () => window.dash_clientside.no_update;

  /* The MapLibre map inside a Plotly graph component, once Plotly has drawn the figure of `revision`. */
  function whenMapReady(mapId, revision, act, tries) {
    const gd = document.querySelector('#' + CSS.escape(mapId) + ' .js-plotly-plot');
    const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
    const map = sub && sub.map;
    if (!map || gd.layout.uirevision !== revision) {
      if (tries < 80) setTimeout(() => whenMapReady(mapId, revision, act, tries + 1), 150);
      return;
    }
    act(map, gd);
  }

  function listenToTaps(map, options) {
    if (map._jitasaTap) return;
    map._jitasaTap = true;
    let timer = null;
    map.on('click', (e) => {
      if (options.skipMarkers) {
        const onMarker = map.queryRenderedFeatures(e.point).some((f) => f.layer && f.layer.type === 'circle');
        if (onMarker) return; // a tap on a marker is Plotly's clickData
      }
      clearTimeout(timer); // a double tap zooms; only a single tap is a tap
      timer = setTimeout(() => window.dash_clientside.set_props(options.tap,
        {data: {lat: e.lngLat.lat, lon: e.lngLat.lng, at: Date.now()}}), 350);
    });
    map.on('dblclick', () => clearTimeout(timer));
  }

  // merged, never replaced: a page's own file (assets/jitasa_<page>.js) adds to the same namespace in any order
  clientside.jitasa = Object.assign(clientside.jitasa || {}, {
    /* Taps, fitting a new view and bringing a focused point into view: see dashboard/ui/map_events.py. */
    mapEvents: function (figure, options) {
      const layout = (figure && figure.layout) || {};
      const meta = layout.meta || {};
      if (!options || (!options.tap && !meta.fit && !meta.focus)) return noUpdate();
      const revision = layout.uirevision;
      whenMapReady(options.map, revision, (map) => {
        if (options.tap) listenToTaps(map, options);
        const act = () => {
          if (meta.fit && map._jitasaFitted !== revision) {
            map._jitasaFitted = revision;
            const fit = {padding: options.padding, animate: false};
            if (options.maxZoom) fit.maxZoom = options.maxZoom;
            // originalEvent: plotly takes the move as the reader's own, so it keeps it while the view is the same
            map.fitBounds(meta.fit, fit, {originalEvent: 'fit'});
          } else if (meta.focus && !map.getBounds().contains(meta.focus)) {
            map.easeTo({center: meta.focus, duration: 300}, {originalEvent: 'focus'});
          }
        };
        if (map.loaded()) act(); else map.once('idle', act);
      }, 0);
      return noUpdate();
    },

    /* The header's menu button folds and unfolds the links on a phone. */
    toggleMenu: function (clicks) {
      return clicks % 2 ? 'site-nav open' : 'site-nav';
    },

    /* <html lang> follows the chosen language (screen readers, fonts, hyphenation). */
    setDocumentLanguage: function (lang) {
      document.documentElement.lang = lang || 'th';
      return noUpdate();
    },
  });
})();
