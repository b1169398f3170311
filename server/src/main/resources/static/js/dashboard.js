// ipaward dashboard: draws the ECharts charts from /dashboard/data. The data URL and the translated
// series names come from data- attributes on #dashboard (the CSP allows no inline script). Every chart
// has a table of the same numbers in the page; the charts are for orientation only.
(function () {
  'use strict';

  var charts = [];

  function num(s) {
    return s == null ? 0 : Number(s);
  }

  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) {
      return;
    }
    var chart = window.echarts.init(el);
    chart.setOption(option);
    charts.push(chart);
  }

  function empty(id, text) {
    var el = document.getElementById(id);
    if (el) {
      el.classList.add('d-flex', 'align-items-center', 'justify-content-center', 'text-body-secondary');
      el.textContent = text;
    }
  }

  function narrow() {
    return window.innerWidth < 576;
  }

  function short(s, n) {
    return s && s.length > n ? s.substring(0, n - 1) + '…' : s;
  }

  var grid = function (left) {
    return { left: left, right: 16, top: 40, bottom: 48, containLabel: true };
  };

  function render(root, d) {
    var L = function (k) { return root.getAttribute('data-l-' + k); };
    var none = L('empty');
    var legend = { top: 0, type: 'scroll' };

    if (d.by_measure.length) {
      var ms = d.by_measure.slice().reverse();
      draw('chart-measure', {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: legend,
        grid: grid(8),
        xAxis: { type: 'value', axisLabel: { hideOverlap: true } },
        yAxis: { type: 'category', axisLabel: { interval: 0, fontSize: 11 },
          data: ms.map(function (m) { return short(m.title, narrow() ? 8 : 16); }) },
        series: [
          { name: L('reserved'), type: 'bar', stack: 'a', data: ms.map(function (m) { return num(m.reserved); }) },
          { name: L('approved'), type: 'bar', stack: 'a', data: ms.map(function (m) { return num(m.approved); }) },
          { name: L('paid'), type: 'bar', stack: 'a', data: ms.map(function (m) { return num(m.paid); }) }
        ]
      });
    } else {
      empty('chart-measure', none);
    }

    if (d.by_category.length) {
      draw('chart-category', {
        tooltip: { trigger: 'item' },
        legend: legend,
        series: [{
          name: L('committed'), type: 'pie', radius: ['35%', '65%'], top: 30,
          data: d.by_category.map(function (c) { return { name: c.label, value: num(c.committed) }; })
        }]
      });
    } else {
      empty('chart-category', none);
    }

    if (d.by_month.length) {
      draw('chart-month', {
        tooltip: { trigger: 'axis' },
        legend: legend,
        grid: grid(8),
        xAxis: { type: 'category', data: d.by_month.map(function (m) { return m.month; }) },
        yAxis: { type: 'value', axisLabel: { hideOverlap: true } },
        series: [
          { name: L('committed'), type: 'bar', data: d.by_month.map(function (m) { return num(m.committed); }) },
          { name: L('paid-out'), type: 'bar', data: d.by_month.map(function (m) { return num(m.paid_out); }) }
        ]
      });
    } else {
      empty('chart-month', none);
    }

    var states = d.by_state.filter(function (s) { return s.applications > 0; });
    if (states.length) {
      draw('chart-state', {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        grid: grid(8),
        xAxis: { type: 'value', minInterval: 1, axisLabel: { hideOverlap: true } },
        yAxis: { type: 'category', axisLabel: { interval: 0, fontSize: 11 },
          data: states.map(function (s) { return short(s.label, 10); }).reverse() },
        series: [{ name: L('applications'), type: 'bar',
          data: states.map(function (s) { return s.applications; }).reverse() }]
      });
    } else {
      empty('chart-state', none);
    }

    if (d.budgets.length) {
      var bs = d.budgets.slice().reverse();
      draw('chart-budget', {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: legend,
        grid: grid(8),
        xAxis: { type: 'category', data: bs.map(function (b) { return short(b.title, narrow() ? 6 : 12); }),
          axisLabel: { interval: 0, rotate: bs.length > 3 ? 30 : 0 } },
        yAxis: { type: 'value', axisLabel: { hideOverlap: true } },
        series: [
          { name: L('budget'), type: 'bar', data: bs.map(function (b) { return num(b.budget); }) },
          { name: L('committed'), type: 'bar', data: bs.map(function (b) { return num(b.committed); }) },
          { name: L('paid'), type: 'bar', data: bs.map(function (b) { return num(b.paid); }) }
        ]
      });
    } else {
      empty('chart-budget', none);
    }

    if (d.processing.length) {
      var ps = d.processing.slice().reverse();
      draw('chart-processing', {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: legend,
        grid: grid(8),
        xAxis: { type: 'value', axisLabel: { hideOverlap: true } },
        yAxis: { type: 'category', axisLabel: { interval: 0, fontSize: 11 },
          data: ps.map(function (p) { return short(p.label, 10); }) },
        series: [
          { name: L('median-cal'), type: 'bar', data: ps.map(function (p) { return num(p.median_calendar_days); }) },
          { name: L('median-work'), type: 'bar', data: ps.map(function (p) { return num(p.median_working_days); }) }
        ]
      });
    } else {
      empty('chart-processing', none);
    }
  }

  document.addEventListener('DOMContentLoaded', function () {
    var root = document.getElementById('dashboard');
    if (!root) {
      return;
    }
    fetch(root.getAttribute('data-url'), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) {
        if (!r.ok) {
          throw new Error(String(r.status));
        }
        return r.json();
      })
      .then(function (d) { render(root, d); })
      .catch(function () {
        root.querySelectorAll('.chart').forEach(function (el) {
          el.textContent = root.getAttribute('data-l-error');
        });
      });
    window.addEventListener('resize', function () {
      charts.forEach(function (c) { c.resize(); });
    });
  });
})();
