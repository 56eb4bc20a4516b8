/* Jitasa Map: the survey form's browser side (dashboard/pages/survey_form), added to the "jitasa" clientside
 * namespace. The file's name sorts after jitasa.js, which Dash loads first and which creates the namespace. */
(function () {
  'use strict';
  const clientside = (window.dash_clientside = window.dash_clientside || {});

  /* "๑๒๓" → "123": a Thai keyboard types Thai digits. */
  const asciiDigits = (text) => text.replace(/[\u0E50-\u0E59]/g, (d) => String(d.charCodeAt(0) - 0x0E50));

  clientside.jitasa = Object.assign(clientside.jitasa || {}, {
    /* The check digit of a Thai national id as the person types (the rule of data.parsing.valid_national_id):
     * [message, className of the check, the field's problem slot (cleared: the server's last word is stale)].
     * texts: {nid_count, nid_ok, nid_bad, nid_long, nid_chars} in the reader's language (a dcc.Store). */
    nationalIdCheck: function (value, texts) {
      const m = texts || {};
      const digits = asciiDigits(value || '').replace(/[\s-]/g, '');
      if (!digits) return ['', 'nid-check small', null];
      if (/\D/.test(digits)) return [m.nid_chars, 'nid-check small bad', null];
      if (digits.length < 13) return [(m.nid_count || '').replace('{n}', digits.length), 'nid-check small text-muted', null];
      if (digits.length > 13) return [m.nid_long, 'nid-check small bad', null];
      let total = 0;
      for (let i = 0; i < 12; i++) total += Number(digits[i]) * (13 - i);
      const good = (11 - (total % 11)) % 10 === Number(digits[12]);
      return good ? [m.nid_ok, 'nid-check small ok', null] : [m.nid_bad, 'nid-check small bad', null];
    },
  });
})();
