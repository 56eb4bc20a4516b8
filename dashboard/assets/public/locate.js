/* Jitasa Map: "use my location" for the public pages (the finder, /help). One function, used by finder.js and
 * help.js: it shows the button (hidden in the HTML, so a phone without JavaScript never sees a dead button), asks the
 * browser for the position and hands it to ``found(lat, lon)``, or says why it could not, in the page's words
 * (``texts``: locating, geo.denied, geo.insecure, geo.unavailable, geo.timeout). */
(function () {
  'use strict';
  window.jitasaLocate = function (button, message, texts, found) {
    function say(key) {
      message.textContent = texts[key] || '';
      message.hidden = !message.textContent;
    }
    if (!button || !('geolocation' in navigator)) { return; }
    button.hidden = false;
    button.addEventListener('click', function () {
      if (!window.isSecureContext) { say('geo.insecure'); return; }
      say('locating');
      navigator.geolocation.getCurrentPosition(function (position) {
        found(position.coords.latitude, position.coords.longitude);
      }, function (error) {
        say({1: 'geo.denied', 2: 'geo.unavailable', 3: 'geo.timeout'}[error.code] || 'geo.unavailable');
      }, {enableHighAccuracy: false, timeout: 15000, maximumAge: 60000});
    });
  };
  /* the words a page gives in <template id="...-texts"><span data-key="...">...</span></template> */
  window.jitasaTexts = function (id) {
    var texts = {};
    var holder = document.getElementById(id);
    if (holder) {
      Array.prototype.forEach.call(holder.content.querySelectorAll('[data-key]'), function (span) {
        texts[span.getAttribute('data-key')] = span.textContent;
      });
    }
    return texts;
  };
})();
