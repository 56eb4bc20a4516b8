/* Jitasa Map: guided first steps (dashboard/tour.py). A "First steps" button (.tour-open) carries its role's steps as
 * data: [{path, target, text, go}]. The tour shows one step at a time in a card at the bottom of the screen, outlines
 * the step's element (found by id, once the page has drawn it), and, when the reader is on another page, offers to
 * open the step's page. Where the reader is in the tour survives a page change (sessionStorage); inside a practice
 * space the tour opens by itself on the first visit (localStorage remembers it was seen). */
(function () {
  'use strict';
  const clientside = (window.dash_clientside = window.dash_clientside || {});
  const KEY = 'jitasa.tour';
  const SEEN = 'jitasa.tour.seen.';

  /* Whether a page path is a step's: the same path, or under a step's path that ends in "/". */
  const tourOnPage = (step, path) => (step.path.endsWith('/') ? path.startsWith(step.path) : path === step.path);

  clientside.jitasa = Object.assign(clientside.jitasa || {}, { tourOnPage: tourOnPage });

  if (typeof document === 'undefined' || typeof window.addEventListener !== 'function') return;

  const read = () => {
    try {
      return JSON.parse(window.sessionStorage.getItem(KEY));
    } catch (e) {
      return null;
    }
  };
  const keep = (tour) => window.sessionStorage.setItem(KEY, JSON.stringify(tour));

  function unmark() {
    document.querySelectorAll('.tour-target').forEach((el) => el.classList.remove('tour-target'));
  }

  function button(id, text, onClick, primary) {
    const b = document.createElement('button');
    b.type = 'button';
    b.id = id;
    b.className = primary ? 'btn btn-primary btn-sm' : 'btn btn-outline-secondary btn-sm';
    b.textContent = text;
    b.addEventListener('click', onClick);
    return b;
  }

  function close() {
    window.sessionStorage.removeItem(KEY);
    unmark();
    const card = document.getElementById('tour-card');
    if (card) card.remove();
  }

  function move(by) {
    const tour = read();
    if (!tour) return;
    tour.index = Math.max(0, tour.index + by);
    if (tour.index >= tour.steps.length) return close();
    keep(tour);
    draw(tour);
  }

  /* The card of the current step (drawn again on each move and after a page change). */
  function draw(tour) {
    const step = tour.steps[tour.index];
    const w = tour.words || {};
    let card = document.getElementById('tour-card');
    if (!card) {
      card = document.createElement('div');
      card.id = 'tour-card';
      card.className = 'tour-card';
      card.setAttribute('role', 'dialog');
      document.body.appendChild(card);
    }
    card.replaceChildren();
    const count = document.createElement('div');
    count.className = 'tour-count';
    count.textContent = `${tour.index + 1} / ${tour.steps.length}`;
    const text = document.createElement('p');
    text.id = 'tour-text';
    text.className = 'mb-0';
    text.textContent = step.text;
    const row = document.createElement('div');
    row.className = 'tour-buttons';
    row.appendChild(button('tour-close', w.close || '×', close, false));
    if (tour.index > 0) row.appendChild(button('tour-back', w.back || '‹', () => move(-1), false));
    if (!tourOnPage(step, window.location.pathname)) {
      row.appendChild(button('tour-go', w.go || '→', () => window.location.assign(step.go || step.path), true));
    } else {
      const last = tour.index === tour.steps.length - 1;
      row.appendChild(button('tour-next', last ? w.done || '✓' : w.next || '›', () => move(1), true));
    }
    card.append(count, text, row);
    unmark();
  }

  /* Outline the step's element once the page has drawn it (Dash draws after the document loads). */
  function markTarget() {
    const tour = read();
    const card = document.getElementById('tour-card');
    if (!tour || !card) return;
    const step = tour.steps[tour.index];
    if (!step || !tourOnPage(step, window.location.pathname)) return;
    const el = document.getElementById(step.target);
    if (el && !el.classList.contains('tour-target')) {
      unmark();
      el.classList.add('tour-target');
      el.scrollIntoView({ block: 'center' });
    }
  }

  function start(b) {
    const steps = JSON.parse(b.dataset.steps || '[]');
    if (!steps.length) return;
    const tour = { user: b.dataset.user, steps: steps, words: JSON.parse(b.dataset.words || '{}'), index: 0 };
    keep(tour);
    draw(tour);
  }

  document.addEventListener('click', (event) => {
    const b = event.target.closest && event.target.closest('.tour-open');
    if (b) {
      event.preventDefault();
      start(b);
    }
  });

  /* Every 300 ms: resume a tour after a page change, open it by itself on a practice space's first visit, and
   * outline the current step's element when it appears. */
  window.setInterval(() => {
    const tour = read();
    if (tour && !document.getElementById('tour-card')) draw(tour);
    const auto = document.querySelector('.tour-open[data-autostart="1"]');
    if (!tour && auto && !window.localStorage.getItem(SEEN + auto.dataset.user)) {
      window.localStorage.setItem(SEEN + auto.dataset.user, '1');
      start(auto);
    }
    markTarget();
  }, 300);
})();
