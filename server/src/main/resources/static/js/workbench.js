// ipaward workbench: "select all on this page" for a queue's batch actions (the CSP allows no inline script).
(function () {
  'use strict';

  function sync() {
    var all = document.getElementById('select-all');
    var rows = Array.prototype.slice.call(document.querySelectorAll('.row-select'));
    var checked = rows.filter(function (r) { return r.checked; }).length;
    if (all) {
      all.checked = rows.length > 0 && checked === rows.length;
      all.indeterminate = checked > 0 && checked < rows.length;
    }
    document.querySelectorAll('.batch-button').forEach(function (b) {
      b.disabled = checked === 0;
    });
  }

  document.addEventListener('change', function (e) {
    if (e.target.id === 'select-all') {
      document.querySelectorAll('.row-select').forEach(function (r) {
        r.checked = e.target.checked;
      });
    }
    if (e.target.id === 'select-all' || e.target.classList.contains('row-select')) {
      sync();
    }
  });

  document.addEventListener('DOMContentLoaded', sync);
})();
