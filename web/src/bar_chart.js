// Horizontal bars as plain elements: one row per bucket with its label, a bar
// scaled to the largest value, and the figure.
import { el } from './dom.js';

export function barChart({ id, rows, valueLabel }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return el('div', { class: 'bar-chart', id },
    rows.map((r) => el('div', { class: 'bar-row', title: r.title || null },
      el('span', { class: 'bar-label', text: r.label }),
      el('span', { class: 'bar-track' },
        el('span', { class: 'bar', style: `width:${((100 * r.value) / max).toFixed(2)}%` })),
      el('span', { class: 'bar-value', text: valueLabel(r) }))));
}
