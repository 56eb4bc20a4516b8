/* Jitasa Map: /help's enhancement (dashboard/pages/help). The form works without this file (the person types their
 * subdistrict, district and province). With it: "use my location" (locate.js, the finder's) puts the point in the
 * form's hidden lat/lon and says so; the typed place is then not needed. Texts come from <template id="help-texts">. */
(function () {
  'use strict';
  var form = document.getElementById('help-form');
  if (!form || !window.jitasaLocate) { return; }
  var texts = window.jitasaTexts('help-texts');
  var message = document.getElementById('help-locate-message');
  window.jitasaLocate(document.getElementById('help-locate'), message, texts, function (lat, lon) {
    document.getElementById('help-lat').value = lat.toFixed(5);
    document.getElementById('help-lon').value = lon.toFixed(5);
    message.textContent = texts.located || '';
    message.hidden = false;
  });
})();
