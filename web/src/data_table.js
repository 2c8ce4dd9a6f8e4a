// A table that sorts on a header click and filters on typed text. Cells are
// text only. Columns: {key, label, format?, numeric?}.
import { el } from './dom.js';

export function dataTable({ id, columns, rows, sortKey, limit = 500, details }) {
  let key = sortKey || columns[0].key;
  let descending = true;
  let filter = '';

  const body = el('tbody');
  const status = el('div', { class: 'table-status' });
  const headerCells = columns.map((c) => el('th', {
    class: c.numeric ? 'num sortable' : 'sortable',
    'data-key': c.key,
    onclick: () => {
      if (key === c.key) descending = !descending;
      else { key = c.key; descending = !!c.numeric; }
      render();
    },
  }, c.label));
  const search = el('input', {
    type: 'search', class: 'table-filter', placeholder: 'filter…',
    oninput: (e) => { filter = e.target.value.toLowerCase(); render(); },
  });

  function matches(row) {
    if (!filter) return true;
    return columns.some((c) => !c.numeric && String(row[c.key] ?? '').toLowerCase().includes(filter));
  }

  function render() {
    const column = columns.find((c) => c.key === key);
    const sorted = rows.filter(matches).sort((a, b) => {
      const x = a[key]; const y = b[key];
      const order = column && column.numeric ? x - y : String(x).localeCompare(String(y));
      return descending ? -order : order;
    });
    headerCells.forEach((th) => {
      const k = th.getAttribute('data-key');
      th.setAttribute('aria-sort', k === key ? (descending ? 'descending' : 'ascending') : 'none');
    });
    body.replaceChildren(...sorted.slice(0, limit).map((row) => {
      const tr = el('tr', {}, columns.map((c) => el('td', {
        class: c.numeric ? 'num' : null,
        text: c.format ? c.format(row[c.key], row) : row[c.key],
        title: c.numeric ? null : String(row[c.key] ?? ''),
      })));
      if (details) {
        tr.classList.add('expandable');
        tr.addEventListener('click', () => {
          const next = tr.nextSibling;
          if (next && next.classList.contains('details-row')) { next.remove(); return; }
          tr.after(el('tr', { class: 'details-row' }, el('td', { colspan: columns.length }, details(row))));
        });
      }
      return tr;
    }));
    status.textContent = sorted.length > limit
      ? `showing ${limit} of ${sorted.length} rows`
      : `${sorted.length} of ${rows.length} rows`;
  }

  render();
  return el('div', { class: 'data-table', id },
    el('div', { class: 'table-tools' }, search, status),
    el('table', {}, el('thead', {}, el('tr', {}, headerCells)), body));
}
