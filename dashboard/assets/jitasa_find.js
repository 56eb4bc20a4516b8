/* Jitasa Map: the public finder's browser side (dashboard/pages/find), added to the "jitasa" clientside namespace.
 * The file's name sorts after jitasa.js, which Dash loads first and which creates the namespace. */
(function () {
  'use strict';
  const clientside = (window.dash_clientside = window.dash_clientside || {});

  clientside.jitasa = Object.assign(clientside.jitasa || {}, {
    /* A tap on a result's marker scrolls its card into view and flashes it. The marker's customdata is the
     * result's number; cardId is the cards' id with "{}" for the number (a dcc.Store). */
    showCard: function (click, cardId) {
      const point = click && click.points && click.points[0];
      const card = point && cardId && document.getElementById(cardId.replace('{}', point.customdata));
      if (card) {
        card.scrollIntoView({behavior: 'smooth', block: 'center'});
        card.classList.add('flash');
        setTimeout(() => card.classList.remove('flash'), 1600);
      }
      return window.dash_clientside.no_update;
    },
  });
})();
