/*
 * The task pane's start-up status, before office.js and the pane's bundle exist (taskpane.html loads this
 * first, as a plain script copied as-is: old ES5 so that any webview runs it, even one too old for the pane).
 *
 * taskpane.html shows a loading state in both languages as static HTML; this script
 * - shows it in the browser's language only (navigator.language; Office's display language is not known yet)
 *   and puts that language first in the failure message,
 * - shows the page's bilingual failure message instead when
 *     office.js fails to load (blocked CDN, proxy, offline, CSP)     -> data-state="office"
 *     the page has loaded but office.js did not arrive                -> data-state="office"
 *     the pane has not started after a while (Office never answered)  -> data-state="timeout"
 *   (index.tsx sets data-state="host" itself when office.js reports that it runs outside Excel),
 * - and wires the Reload buttons of that message.
 * Once the pane is mounted, React has replaced the #boot element and nothing here changes the page.
 * Blocked telemetry or any other script failing is not a failure: the pane works without them.
 */
(function () {
  'use strict';
  var TIMEOUT_MS = 20000;
  var OFFICE_JS = /\/hosted\/office(\.debug)?\.js(\?|#|$)/i;

  var browserLang = String(navigator.language || '').toLowerCase();
  var lang = browserLang.indexOf('zh') === 0 ? 'zh' : 'en';
  var root = document.documentElement;
  root.setAttribute('data-boot-lang', lang);
  root.setAttribute('lang', lang === 'zh' ? 'zh-CN' : 'en');

  function boot() {
    return document.getElementById('boot');
  }

  /** Shows a failure. A precise reason replaces the generic timeout; the timeout never hides a reason. */
  function fail(state) {
    var el = boot();
    var now = el && el.getAttribute('data-state');
    if (now === 'loading' || (now === 'timeout' && state !== 'timeout')) el.setAttribute('data-state', state);
  }

  // A script that fails to load fires `error` on its element; it does not bubble, so listen while capturing.
  function onError(e) {
    var t = e && e.target;
    if (t && t.tagName === 'SCRIPT' && OFFICE_JS.test(t.src || '')) fail('office');
  }
  window.addEventListener('error', onError, true);

  window.addEventListener('load', function () {
    if (typeof window.Office === 'undefined') fail('office');
  });

  setTimeout(function () {
    fail('timeout');
  }, TIMEOUT_MS);

  document.addEventListener('DOMContentLoaded', function () {
    // The failure message in both languages, the browser's first (in the page's order, for screen readers too).
    var first = document.querySelector('#boot .boot-failed section[lang="' + (lang === 'zh' ? 'zh-CN' : 'en') + '"]');
    if (first && first.parentNode && first.parentNode.firstElementChild !== first) {
      first.parentNode.insertBefore(first, first.parentNode.firstElementChild);
    }
    var buttons = document.querySelectorAll('#boot [data-boot-reload]');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener('click', function () {
        window.location.reload();
      });
    }
  });
})();
