// Allocation sizes (log2 buckets and size classes) and allocator-call
// durations (log-linear buckets and percentiles, computed in C++).
import { el, note } from './dom.js';
import { barChart } from './bar_chart.js';
import * as fmt from './format.js';

function sizeRange(minBytes) {
  if (minBytes === 0) return '0 B';
  if (minBytes === 1) return '1 B';
  return `${fmt.bytes(minBytes)}–${fmt.bytes(minBytes * 2 - 1)}`;
}

const CLASS_RANGES = {
  tiny: '≤ 64 B', small: '65 B – 1 KiB', medium: '1 KiB – 64 KiB', large: '> 64 KiB',
};

export function sizeHistogram(sizes) {
  if (!sizes.log2.length) return note('No allocations in this trace.');
  const total = sizes.classes.reduce((a, c) => a + c.count, 0);
  const totalBytes = sizes.classes.reduce((a, c) => a + c.bytes, 0);
  const by = el('select', { id: 'size-measure', 'aria-label': 'size histogram measure' },
    el('option', { value: 'count', text: 'calls' }), el('option', { value: 'bytes', text: 'bytes' }));
  const holder = el('div');
  const draw = () => {
    const useBytes = by.value === 'bytes';
    holder.replaceChildren(barChart({
      id: 'size-histogram',
      rows: sizes.log2.map((b) => ({
        label: sizeRange(b.min_bytes), value: useBytes ? b.bytes : b.count,
        title: `${fmt.count(b.count)} calls, ${fmt.bytes(b.bytes)}`,
      })),
      valueLabel: (r) => (useBytes ? fmt.bytes(r.value) : fmt.count(r.value)),
    }));
  };
  by.addEventListener('change', draw);
  draw();
  const classes = el('table', { class: 'compact', id: 'size-classes' },
    el('thead', {}, el('tr', {}, ['class', 'sizes', 'calls', 'share', 'bytes', 'share']
      .map((h, i) => el('th', { class: i > 1 ? 'num' : null, text: h })))),
    el('tbody', {}, sizes.classes.map((c) => el('tr', {},
      el('td', { text: c.name }), el('td', { text: CLASS_RANGES[c.name] || '' }),
      el('td', { class: 'num', text: fmt.count(c.count) }),
      el('td', { class: 'num', text: fmt.percent(c.count, total) }),
      el('td', { class: 'num', text: fmt.bytes(c.bytes) }),
      el('td', { class: 'num', text: fmt.percent(c.bytes, totalBytes) })))));
  return el('div', { class: 'two-columns' },
    el('div', {}, el('div', { class: 'tools' }, el('label', {}, 'measure ', by)), holder),
    el('div', {}, el('h3', { text: 'Size classes' }), classes));
}

function latencyTable(latency) {
  const rows = [['alloc', 'allocation calls', latency.alloc], ['free', 'free calls', latency.free]];
  const heads = ['calls', 'count', 'min', 'mean', 'p50', 'p90', 'p99', 'p99.9', 'max'];
  return el('table', { class: 'compact', id: 'latency-percentiles' },
    el('thead', {}, el('tr', {}, heads.map((h, i) => el('th', { class: i ? 'num' : null, text: h })))),
    el('tbody', {}, rows.map(([, label, h]) => el('tr', {},
      el('td', { text: label }),
      el('td', { class: 'num', text: fmt.count(h.count) }),
      ...[h.min_ns, h.mean_ns, h.p50_ns, h.p90_ns, h.p99_ns, h.p999_ns, h.max_ns]
        .map((v) => el('td', { class: 'num', text: h.count ? fmt.duration(v) : '–' }))))));
}

// The C++ histogram has 16 buckets per power of two, for exact-ish
// percentiles; the chart shows one bar per power of two.
function powerOfTwoBuckets(buckets) {
  const merged = new Map();
  for (const [low, , n] of buckets) {
    const floor = low < 1 ? 0 : 2 ** Math.floor(Math.log2(low));
    merged.set(floor, (merged.get(floor) || 0) + n);
  }
  return Array.from(merged.entries()).sort((a, b) => a[0] - b[0])
    .map(([floor, n]) => [floor, floor === 0 ? 1 : floor * 2, n]);
}

export function latencyHistogram(latency) {
  const parts = [latencyTable(latency)];
  if (latency.source === 'histograms') {
    parts.push(note('Durations come from the trace\'s duration histograms (compact timing): '
      + 'percentiles are within ~3%, the mean is approximate, the maximum is exact.'));
  }
  if (latency.untimed_calls) {
    parts.push(note(`${fmt.count(latency.untimed_calls)} calls carry no duration in this trace and are left out.`));
  }
  if (!latency.alloc.count && !latency.free.count) {
    parts.push(note('This trace records no allocator-call durations.'));
    return el('div', {}, parts);
  }
  const kind = el('select', { id: 'latency-kind', 'aria-label': 'latency histogram calls' },
    el('option', { value: 'alloc', text: 'allocation calls' }), el('option', { value: 'free', text: 'free calls' }));
  const holder = el('div');
  const draw = () => {
    const h = latency[kind.value];
    holder.replaceChildren(barChart({
      id: 'latency-histogram',
      rows: powerOfTwoBuckets(h.buckets).map(([low, high, n]) => ({
        label: `${fmt.duration(low)}–${fmt.duration(high - 1)}`,
        value: n,
      })),
      valueLabel: (r) => `${fmt.count(r.value)} (${fmt.percent(r.value, h.count)})`,
    }));
  };
  kind.addEventListener('change', draw);
  draw();
  parts.push(el('div', { class: 'tools' }, el('label', {}, 'histogram of ', kind)), holder);
  return el('div', {}, parts);
}
