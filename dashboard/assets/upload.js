/* Jitasa Map: the upload page's browser side (dashboard/pages/upload), added to the "jitasa" clientside namespace.
 * The file's name sorts after jitasa.js, which Dash loads first and which creates the namespace. */
(function () {
  'use strict';
  const clientside = (window.dash_clientside = window.dash_clientside || {});

  clientside.jitasa = Object.assign(clientside.jitasa || {}, {
    /* The browser refuses a file over dcc.Upload's max_size without telling anyone: listen to the file input and
     * the drop zone (element `fileId`) and write the file that was too big to the store `tooBigId`; the message
     * itself is written on the server, in Thai and English. `limit` is in bytes. */
    watchFileSize: function (limit, fileId, tooBigId) {
      const attach = (tries) => {
        const box = document.getElementById(fileId);
        if (!box) {
          if (tries < 50) setTimeout(() => attach(tries + 1), 100);
          return;
        }
        if (box._jitasaSize) return;
        box._jitasaSize = true;
        const check = (files) => {
          const big = Array.from(files || []).find((f) => f.size > limit);
          if (big) window.dash_clientside.set_props(tooBigId, {data: {name: big.name, size: big.size, at: Date.now()}});
        };
        box.addEventListener('change', (e) => check(e.target && e.target.files), true);
        box.addEventListener('drop', (e) => check(e.dataTransfer && e.dataTransfer.files), true);
      };
      attach(0);
      return window.dash_clientside.no_update;
    },
  });
})();
