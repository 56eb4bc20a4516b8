/* Jitasa Map: the coverage page's share-and-print functions (issue 16), added to the "jitasa" clientside namespace.
 * setDocumentTitle: the tab's title names the view (place · measure · group · dose), written by the page's TITLE
 * store; leaving the page for another one gives the app's own title back. printableMap: a copy of the map for
 * paper. */
(function () {
  'use strict';
  const clientside = (window.dash_clientside = window.dash_clientside || {});
  let appTitle = null;

  function restoreOffThePage() {
    if (window.location.pathname !== '/' && appTitle !== null) document.title = appTitle;
  }

  /* Paper has no WebGL: a copy of the map's canvas goes into an image that only print shows (print.css:
   * .map-print-image). It is taken once the map has settled for a moment after a change of its own (never on each
   * frame: a copy costs a redraw and a PNG of the whole canvas, and copying on every settle kept a busy page of 926
   * districts from painting for 50 s), and again just before printing. The map is redrawn first, so the drawing
   * buffer is whole when it is copied. */
  const SETTLE_MS = 800;

  function keepPrintableCopy(mapId, tries) {
    const gd = document.querySelector('#' + CSS.escape(mapId) + ' .js-plotly-plot');
    const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
    const map = sub && sub.map;
    if (!map) {
      if (tries < 80) setTimeout(() => keepPrintableCopy(mapId, tries + 1), 250);
      return;
    }
    if (map._jitasaPrintable) return;
    map._jitasaPrintable = true;
    const holder = document.getElementById(mapId).parentElement;
    const image = document.createElement('img');
    image.className = 'map-print-image';
    image.alt = '';
    holder.appendChild(image);
    let copying = false;
    let changed = true; // drawn since the last copy
    let timer = null;
    function copy() {
      timer = null;
      copying = true;
      map.redraw();
      copying = false;
      changed = false;
      map.getCanvas().toBlob((blob) => {
        if (!blob) return;
        if (image.src) URL.revokeObjectURL(image.src);
        image.src = URL.createObjectURL(blob);
      });
    }
    map.on('render', () => {
      if (copying) return;
      changed = true;
      if (timer) { clearTimeout(timer); timer = null; } // still moving: wait until it settles again
    });
    map.on('idle', () => {
      if (changed && !timer) timer = setTimeout(copy, SETTLE_MS);
    });
    window.addEventListener('beforeprint', () => {
      if (!map.getCanvas().isConnected) return;
      copying = true;
      map.redraw();
      copying = false;
      image.src = map.getCanvas().toDataURL('image/png');
    });
  }

  clientside.jitasa = Object.assign(clientside.jitasa || {}, {
    printableMap: function (figure, mapId) {
      if (figure) keepPrintableCopy(mapId, 0);
      return window.dash_clientside.no_update;
    },

    /* The whole table of areas for paper: the server's HTML (escaped there) put in place at once. */
    fillPrintTable: function (html, holderId) {
      const holder = document.getElementById(holderId);
      if (holder) holder.innerHTML = html || '';
      return window.dash_clientside.no_update;
    },

    /* On a phone the controls are a drawer: the button under the title opens and closes it (app.css). */
    toggleControls: function (clicks, className) {
      const open = clicks % 2 === 1;
      const base = (className || '').split(' ').filter((c) => c && c !== 'open').join(' ');
      return [open ? base + ' open' : base, open ? 'true' : 'false'];
    },

    setDocumentTitle: function (title) {
      if (appTitle === null) {
        appTitle = document.querySelector('meta[name="jitasa-app-title"]')
          ? document.querySelector('meta[name="jitasa-app-title"]').content
          : document.title;
        window.addEventListener('_dashprivate_pushstate', () => setTimeout(restoreOffThePage, 0));
        window.addEventListener('popstate', () => setTimeout(restoreOffThePage, 0));
      }
      if (title && window.location.pathname === '/') document.title = title;
      return window.dash_clientside.no_update;
    },
  });
})();
