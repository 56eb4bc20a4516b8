/* Jitasa Map: the coverage page's map frame (dashboard/pages/coverage; its clientside functions: jitasa_coverage.js).
 * Until the map has drawn its areas, its box has no data-drawn attribute and app.css shows "กำลังโหลดแผนที่… · Loading the map…" in it: the figure, then the
 * GeoJSON it names, may take seconds on a phone. A box drawn once keeps the attribute (updates dim the stale map
 * through data-dash-is-loading instead). Cheap: one selector every 300 ms, nothing once every box is drawn.
 * Also: Enter on an area's link in the table opens the area. */
(function () {
  'use strict';
  if (typeof document === 'undefined') return;  // not in a browser (tests/test_assets_js.py runs the files in Node)

  function drawn(box) {
    const gd = box.querySelector('.js-plotly-plot');
    const subplot = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
    const map = subplot && subplot.map;
    if (!map) return false;
    if (map.queryRenderedFeatures().some((f) => f.layer.type === 'fill')) return true;
    const main = (gd.data || []).find((t) => t.name === 'coverage');
    return map.loaded() && !!main && !(main.locations && main.locations.length);  // nothing to draw
  }

  /* The table's area names are links into the area (dashboard/pages/coverage/view.table_rows). The table keeps Enter
   * for its own cell navigation, so a link focused by Tab is followed here, before the table sees the key. */
  document.addEventListener('keydown', function (event) {
    const link = event.key === 'Enter' && event.target.closest && event.target.closest('.coverage-page .dash-table-container a[href]');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    window.location.assign(link.href);
  }, true);

  setInterval(function () {
    document.querySelectorAll('.coverage-map-box:not([data-drawn])').forEach(function (box) {
      try {
        if (drawn(box)) box.setAttribute('data-drawn', '');
      } catch (e) {
        /* the map is being built: try again */
      }
    });
  }, 300);
})();
