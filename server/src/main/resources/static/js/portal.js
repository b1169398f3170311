// ipaward applicant portal: small behaviours the portal pages need (the CSP allows no inline script).
(function () {
  'use strict';

  // The subject form: show the fields of the chosen kind (USCC for organisations, ID number for persons).
  function showKind() {
    var checked = document.querySelector('input[data-kind-switch]:checked');
    if (!checked) {
      return;
    }
    document.querySelectorAll('[data-kinds]').forEach(function (el) {
      var on = el.getAttribute('data-kinds').split(' ').indexOf(checked.value) >= 0;
      el.hidden = !on;
      el.querySelectorAll('input, select, textarea').forEach(function (i) {
        i.disabled = !on;
      });
    });
  }

  document.addEventListener('change', function (e) {
    if (e.target.matches && e.target.matches('input[data-kind-switch]')) {
      showKind();
    }
  });

  // After an htmx save the fields stay as typed; mark those with an error (shown in their feedback box) invalid.
  function markInvalid() {
    document.querySelectorAll('.claim-form .fact').forEach(function (fact) {
      var input = fact.querySelector('input, select, textarea');
      if (!input) {
        return;
      }
      var bad = !!fact.querySelector('.invalid-feedback');
      input.classList.toggle('is-invalid', bad);
      if (bad) {
        input.setAttribute('aria-invalid', 'true');
      } else {
        input.removeAttribute('aria-invalid');
      }
    });
  }

  document.addEventListener('htmx:afterSettle', markInvalid);

  document.addEventListener('DOMContentLoaded', function () {
    showKind();
    // A refused save answers 400 with the claim's fields and their errors: swap it in like a success.
    if (window.htmx) {
      window.htmx.config.responseHandling = [
        {code: '204', swap: false},
        {code: '[23]..', swap: true},
        {code: '400', swap: true, error: false},
        {code: '[45]..', swap: false, error: true}
      ];
    }
  });
})();
