// ipaward pages: the little script every page loads (the CSP allows no inline script).
(function () {
  'use strict';

  function cookie(name) {
    var m = document.cookie.match('(?:^|; )' + name + '=([^;]*)');
    return m ? decodeURIComponent(m[1]) : null;
  }

  // htmx requests carry the CSRF token Spring Security keeps in the XSRF-TOKEN cookie.
  document.addEventListener('htmx:configRequest', function (e) {
    var token = cookie('XSRF-TOKEN');
    if (token) {
      e.detail.headers['X-XSRF-TOKEN'] = token;
    }
  });

  // <time data-countdown="2026-03-31T16:00:00Z" data-format="还剩 {d} 天 {h} 小时 {m} 分" data-ended="已截止">
  // shows the time left until the instant, updated every second; the texts come from the page's bundle.
  function tick() {
    var now = Date.now();
    document.querySelectorAll('[data-countdown]').forEach(function (el) {
      var left = Math.floor((Date.parse(el.getAttribute('data-countdown')) - now) / 1000);
      if (left <= 0) {
        el.textContent = el.getAttribute('data-ended');
        return;
      }
      el.textContent = el.getAttribute('data-format')
        .replace('{d}', Math.floor(left / 86400))
        .replace('{h}', Math.floor(left % 86400 / 3600))
        .replace('{m}', Math.floor(left % 3600 / 60))
        .replace('{s}', left % 60);
    });
  }

  // <button data-confirm="确定批准？"> asks before submitting its form.
  document.addEventListener('click', function (e) {
    var el = e.target.closest('[data-confirm]');
    if (el && !window.confirm(el.getAttribute('data-confirm'))) {
      e.preventDefault();
    }
  });

  document.addEventListener('DOMContentLoaded', function () {
    tick();
    if (document.querySelector('[data-countdown]')) {
      setInterval(tick, 1000);
    }
    // after a refused form, move the focus to the error box so keyboard and screen-reader users hear it
    var problem = document.getElementById('problem');
    if (problem) {
      problem.focus();
    }
  });
})();
