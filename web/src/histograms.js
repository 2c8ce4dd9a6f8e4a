// Allocation sizes (log2 buckets and size classes) and allocator-call
// durations (log-linear buckets and percentiles, computed in C++).
import { el, note } from './dom.js';
import { markLabel, markValue } from './estimates.js';
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

// A sampled trace's sizes are estimates: each sampled call stands for 1/p calls.
export function sizeHistogram(sizes, { estimated = false } = {}) {
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
        title: markValue(`${fmt.count(b.count)} calls, ${fmt.bytes(b.bytes)}`, estimated),
      })),
      valueLabel: (r) => markValue(useBytes ? fmt.bytes(r.value) : fmt.count(r.value), estimated),
    }));
  };
  by.addEventListener('change', draw);
  draw();
  const classes = el('table', { class: 'compact', id: 'size-classes' },
    el('thead', {}, el('tr', {}, ['class', 'sizes', markLabel('calls', estimated), 'share',
      markLabel('bytes', estimated), 'share']
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

const PERCENTILES = [['p50', 'p50_ns'], ['p90', 'p90_ns'], ['p99', 'p99_ns'], ['p99.9', 'p999_ns'],
  ['max', 'max_ns']];

// One row per histogram: calls, min, mean, the percentiles and max.
function percentileTable(id, firstHead, histograms, describe) {
  const heads = [firstHead, 'calls', 'min', 'mean', ...PERCENTILES.map(([label]) => label)];
  return el('table', { class: 'compact', id },
    el('thead', {}, el('tr', {}, heads.map((h, i) => el('th', { class: i ? 'num' : null, text: h })))),
    el('tbody', {}, histograms.map((h) => el('tr', { 'data-name': h.name },
      el('td', { text: describe(h) }),
      el('td', { class: 'num', text: fmt.count(h.count) }),
      ...[h.min_ns, h.mean_ns, ...PERCENTILES.map(([, key]) => h[key])]
        .map((v) => el('td', { class: 'num', text: fmt.duration(v) }))))));
}

const LATENCY_CLASS_RANGES = { ...CLASS_RANGES, unknown: 'block allocated before tracing' };

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

// Percentiles and histograms per allocator function and per request-size
// class, as `memscope latency` computes them (src/analysis/call_latency.*).
export function latencyHistogram(latency, { sampled = false } = {}) {
  const parts = [];
  if (latency.timing === 'compact') {
    parts.push(note('Durations come from the trace\'s duration histograms (compact timing): '
      + 'percentiles are within ~3%, the mean is approximate, the maximum is exact.'));
  }
  if (sampled) {
    parts.push(note('Sampled trace: only the sampled calls were recorded and timed, so these are '
      + 'durations of those calls (large requests are sampled more often), not estimates of all calls.'));
  }
  if (!latency.functions.length) {
    parts.push(note('This trace records no allocator-call durations.'));
    return el('div', {}, parts);
  }
  // One above the other: nine columns each do not fit side by side.
  parts.push(
    el('h3', { text: 'Per function' }),
    percentileTable('latency-functions', 'function', latency.functions, (h) => h.name),
    el('h3', { class: 'spaced', text: 'Per size class' }),
    percentileTable('latency-size-classes', 'size class', latency.size_classes,
      (h) => `${h.name} (${LATENCY_CLASS_RANGES[h.name] || ''})`),
    note('Allocations by request size, frees by the size of the block they release.'));
  const choices = [
    ...latency.functions.map((h) => ({ key: `function:${h.name}`, label: h.name, h })),
    ...latency.size_classes.map((h) => ({ key: `class:${h.name}`, label: `${h.name} calls`, h })),
  ];
  const pick = el('select', { id: 'latency-kind', 'aria-label': 'latency histogram calls' },
    choices.map((c) => el('option', { value: c.key, text: c.label })));
  const holder = el('div');
  const draw = () => {
    const { h } = choices.find((c) => c.key === pick.value) || choices[0];
    holder.replaceChildren(barChart({
      id: 'latency-histogram',
      rows: powerOfTwoBuckets(h.buckets).map(([low, high, n]) => ({
        label: `${fmt.duration(low)}–${fmt.duration(high - 1)}`,
        value: n,
      })),
      valueLabel: (r) => `${fmt.count(r.value)} (${fmt.percent(r.value, h.count)})`,
    }));
  };
  pick.addEventListener('change', draw);
  draw();
  parts.push(el('div', { class: 'tools' }, el('label', {}, 'histogram of ', pick)), holder);
  return el('div', {}, parts);
}
