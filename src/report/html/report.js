// Sorting and filtering of the findings table, with no dependency. The state lives in the URL
// fragment (#q=…&severity=…&rule=…&status=…&sort=…&dir=…), so a filtered view can be linked to,
// bookmarked, or opened that way by a headless browser. Rows are only shown, hidden and
// reordered: no text is ever parsed as HTML.
(function () {
  'use strict';
  var table = document.getElementById('findings');
  if (!table || !table.tBodies.length) { return; }
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var controls = document.getElementById('controls');
  var q = document.getElementById('f-q');
  var selects = {
    severity: document.getElementById('f-severity'),
    rule: document.getElementById('f-rule'),
    status: document.getElementById('f-status')
  };
  var shown = document.getElementById('shown');
  var none = document.getElementById('no-match');
  var state = { sort: '', dir: 'asc' };

  function params() {
    var raw = (window.location.hash || '').replace(/^#/, '');
    if (!raw) { raw = (window.location.search || '').replace(/^\?/, ''); }
    return new URLSearchParams(raw);
  }

  function choose(select, value) {
    var wanted = value || '';
    var ok = Array.prototype.some.call(select.options, function (o) { return o.value === wanted; });
    select.value = ok ? wanted : '';
  }

  function read() {
    var p = params();
    q.value = p.get('q') || '';
    Object.keys(selects).forEach(function (k) { choose(selects[k], p.get(k)); });
    state.sort = p.get('sort') || '';
    state.dir = p.get('dir') === 'desc' ? 'desc' : 'asc';
  }

  function write() {
    var p = new URLSearchParams();
    if (q.value) { p.set('q', q.value); }
    Object.keys(selects).forEach(function (k) { if (selects[k].value) { p.set(k, selects[k].value); } });
    if (state.sort) { p.set('sort', state.sort); p.set('dir', state.dir); }
    var hash = p.toString();
    try {
      window.history.replaceState(null, '', hash ? '#' + hash : window.location.pathname + window.location.search);
    } catch (e) {
      // Some browsers refuse history changes on file:// pages; the view still works.
    }
  }

  // Lower-cased row texts, computed once: filtering re-reads nothing from the DOM.
  var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
  var order = rows.slice();

  function matches(row, i, needle) {
    var d = row.dataset;
    return (!needle || texts[i].indexOf(needle) !== -1) &&
      (!selects.severity.value || d.severity === selects.severity.value) &&
      (!selects.rule.value || d.rule === selects.rule.value) &&
      (!selects.status.value || d.status === selects.status.value);
  }

  function sorted() {
    var index = -1;
    headers.forEach(function (th, i) {
      var active = th.dataset.key === state.sort;
      if (active) { index = i; }
      if (th.dataset.key) {
        th.setAttribute('aria-sort', active ? (state.dir === 'asc' ? 'ascending' : 'descending') : 'none');
      }
    });
    var numeric = index !== -1 && headers[index].dataset.type === 'num';
    var sign = state.dir === 'desc' ? -1 : 1;
    var keyed = rows.map(function (row) {
      var k = '';
      if (index !== -1) {
        var cell = row.cells[index];
        k = cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent;
        k = numeric ? Number(k) : k.toLowerCase();
      }
      return { row: row, key: k, at: Number(row.dataset.index) };
    });
    keyed.sort(function (a, b) {
      if (a.key < b.key) { return -sign; }
      if (a.key > b.key) { return sign; }
      return a.at - b.at;
    });
    return keyed.map(function (x) { return x.row; });
  }

  // One pass over a detached tbody: thousands of rows change without one reflow each.
  function render() {
    var needle = q.value.trim().toLowerCase();
    var next = sorted();
    var reorder = next.some(function (row, i) { return row !== order[i]; });
    var parent = tbody.parentNode;
    var after = tbody.nextSibling;
    parent.removeChild(tbody);
    var count = 0;
    rows.forEach(function (row, i) {
      var ok = matches(row, i, needle);
      if (row.hidden === ok) { row.hidden = !ok; }
      if (ok) { count += 1; }
    });
    if (reorder) {
      var frag = document.createDocumentFragment();
      next.forEach(function (row) { frag.appendChild(row); });
      tbody.appendChild(frag);
      order = next;
    }
    parent.insertBefore(tbody, after);
    shown.textContent = String(count);
    none.hidden = count !== 0;
  }

  headers.forEach(function (th) {
    var button = th.querySelector('button');
    if (!button) { return; }
    button.addEventListener('click', function () {
      if (state.sort === th.dataset.key) {
        state.dir = state.dir === 'asc' ? 'desc' : 'asc';
      } else {
        state.sort = th.dataset.key;
        state.dir = 'asc';
      }
      render();
      write();
    });
  });
  q.addEventListener('input', function () { render(); write(); });
  Object.keys(selects).forEach(function (k) {
    selects[k].addEventListener('change', function () { render(); write(); });
  });
  window.addEventListener('hashchange', function () { read(); render(); });

  controls.hidden = false;
  read();
  render();
  document.documentElement.setAttribute('data-ready', 'true');
}());
