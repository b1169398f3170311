// ipaward public pages (calculator): small behaviours the CSP allows only from a file.
(function () {
  'use strict';

  // A select marked data-autosubmit submits its form when changed (the policy chooser).
  document.addEventListener('change', function (e) {
    var el = e.target;
    if (el.matches && el.matches('select[data-autosubmit]') && el.form) {
      el.form.submit();
    }
  });

  // Show the facts of the measures that are ticked, and the subject fields that apply to the chosen kind.
  function sync() {
    document.querySelectorAll('#calc-measures input[name="measure"]').forEach(function (box) {
      var facts = document.getElementById('calc-facts-' + box.value);
      if (facts) {
        facts.hidden = !box.checked;
      }
    });
    var kind = document.getElementById('calc-kind');
    if (kind) {
      document.querySelectorAll('#calc-form [data-kinds]').forEach(function (el) {
        el.hidden = el.getAttribute('data-kinds').split(' ').indexOf(kind.value) < 0;
      });
    }
    // an input whose error line has text is marked invalid (the line is its aria-describedby)
    document.querySelectorAll('.calc-field-error').forEach(function (err) {
      var input = document.getElementById(err.id.substring(4));
      if (!input) {
        return;
      }
      var bad = err.textContent.trim() !== '';
      input.classList.toggle('is-invalid', bad);
      if (bad) {
        input.setAttribute('aria-invalid', 'true');
      } else {
        input.removeAttribute('aria-invalid');
      }
    });
  }

  document.addEventListener('change', function (e) {
    if (e.target.closest && e.target.closest('#calc-form')) {
      sync();
    }
  });

  // The results of refused input (400) are shown too: they name the field, the value and the rule.
  document.addEventListener('htmx:beforeSwap', function (e) {
    if (e.detail.xhr && e.detail.xhr.status === 400 && e.detail.target && e.detail.target.id === 'calc-results') {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });
  document.addEventListener('htmx:afterSettle', sync);
  document.addEventListener('DOMContentLoaded', sync);
})();
