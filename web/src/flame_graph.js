// The flame graph (d3-flame-graph): a metric switch, search, click to zoom.
// d3-flame-graph writes frame labels and tooltips with textContent; its
// HTML tooltip is not used. Search is a plain substring match (the library's
// default treats the term as a regular expression).
import flamegraph from 'd3-flame-graph';
import { select } from 'd3-selection';
import { el } from './dom.js';
import * as fmt from './format.js';
import { frameColour } from './colours.js';
import { markValue, MARK } from './estimates.js';

// The compact tree of report_data.cpp as d3-flame-graph's {name, value,
// children}, for one metric; frames worth 0 are left out.
function toChartTree(tree, node, metricIndex) {
  const out = {
    name: node.n,
    value: node.v[metricIndex],
    kind: tree.kinds[node.k],
    module: tree.modules[node.m],
    file: tree.files[node.f],
  };
  const children = (node.c || []).filter((c) => c.v[metricIndex] > 0)
    .map((c) => toChartTree(tree, c, metricIndex));
  if (children.length) out.children = children;
  return out;
}

export function flameGraph(tree, { metric = 'peak', transitionMs = 300 } = {}) {
  const container = el('div', { class: 'flame-chart', id: 'flame-chart' });
  const details = el('div', { class: 'flame-details', id: 'flame-details' });
  const empty = el('p', { class: 'note' });
  let current = tree.metrics.includes(metric) ? metric : tree.metrics[0];
  let chart = null;
  // A sampled trace's tree holds estimates: the tooltip and the totals say so.
  const estimated = !!tree.estimated;
  const value = (v) => markValue(fmt.metricValue(current, v), estimated);

  const metricSelect = el('select', { id: 'flame-metric', 'aria-label': 'flame graph metric',
    onchange: (e) => { current = e.target.value; draw(); } },
  tree.metrics.map((m) => el('option', { value: m, selected: m === current, text: fmt.METRIC_LABELS[m] || m })));
  const search = el('input', { type: 'search', id: 'flame-search', placeholder: 'search frames…',
    oninput: (e) => runSearch(e.target.value) });
  const reset = el('button', { type: 'button', id: 'flame-reset', text: 'reset zoom',
    onclick: () => chart && chart.resetZoom() });
  const matches = el('span', { class: 'flame-matches', id: 'flame-matches' });

  function runSearch(term) {
    if (!chart) return;
    if (term) chart.search(term); else chart.clear();
  }

  function draw() {
    const index = tree.metrics.indexOf(current);
    const total = tree.root.v[index];
    container.replaceChildren();
    chart = null;
    if (!total) {
      empty.textContent = `No ${fmt.METRIC_LABELS[current] || current} in this trace.`;
      container.append(empty);
      return;
    }
    const width = Math.max(400, container.clientWidth || 1200);
    chart = flamegraph()
      .width(width)
      .cellHeight(18)
      .transitionDuration(transitionMs)
      .minFrameSize(1)
      .sort(true)
      .title('')
      .getName((d) => d.data.name)
      .label((d) => `${d.data.name}\n${value(d.value)} (${fmt.percent(d.value, total)})`
        + (d.data.module ? `\nmodule: ${d.data.module}` : '') + (d.data.file ? `\nfile: ${d.data.file}` : ''))
      .setColorMapper((d) => (d.highlight ? '#e600e6' : frameColour(d.data.kind, d.data.name)))
      .setSearchMatch((d, term) => !!term && d.data.name.toLowerCase().includes(term.toLowerCase()))
      .setSearchHandler((results, sum) => {
        matches.textContent = results.length
          ? `${results.length} frames match, ${value(sum)} (${fmt.percent(sum, total)})`
          : 'no frame matches';
      })
      .setDetailsElement(details);
    select(container).datum(toChartTree(tree, tree.root, index)).call(chart);
    if (search.value) runSearch(search.value);
  }

  const root = el('div', { class: 'flame-graph' },
    el('div', { class: 'flame-tools' },
      el('label', {}, 'metric ', metricSelect), search, reset, matches),
    container, details,
    estimated ? el('p', { class: 'note flame-estimate', text: `Frame widths and values are `
      + `estimates (${MARK}) from a sampled trace (one allocation recorded per `
      + `~${fmt.bytes(tree.sample_rate_bytes)} allocated).` }) : null,
    tree.pruned ? el('p', { class: 'note', text: tree.pruned === 1
      ? 'One frame below 0.01% of every metric is not shown.'
      : `${fmt.count(tree.pruned)} frames below 0.01% of every metric are not shown.` }) : null);
  // Drawing needs the container's width: wait until it is in the document.
  root.draw = draw;
  return root;
}
