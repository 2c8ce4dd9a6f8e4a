// Entry point of the memscope HTML page: reads the JSON data element written
// by memscope (src/report/report_data.cpp) and renders the report, or the
// stand-alone flame graph page.
import './style.css';
import { el, section, note } from './dom.js';
import * as fmt from './format.js';
import { summaryHeader, summaryCards } from './summary_cards.js';
import { timelineChart } from './timeline_chart.js';
import { flameGraph } from './flame_graph.js';
import { dataTable } from './data_table.js';
import { sizeHistogram, latencyHistogram } from './histograms.js';
import { KIND_LABELS, frameColour } from './colours.js';
import { isEstimated, markLabel, MARK } from './estimates.js';

function legend(tree) {
  return el('div', { class: 'legend' }, Object.entries(KIND_LABELS).map(([kind, label]) =>
    el('span', { class: 'legend-item' },
      el('span', { class: 'swatch', style: `background:${frameColour(kind, label)}` }), label)),
  tree.estimated ? el('span', { class: 'legend-item legend-estimate', text: `${MARK} values are estimates (sampled trace)` }) : null);
}

// Views built from events: an aggregate-mode trace has none.
function needsEvents(what) {
  return note(`Not available for this aggregate-mode trace: ${what} needs the allocation events, `
    + 'and the recorder kept only per-site totals. Record with --mode full (or sampled) to see it.');
}

function sitesTable(sites, est) {
  return dataTable({
    id: 'sites-table',
    sortKey: 'peak_bytes',
    rows: sites.rows,
    columns: [
      { key: 'location', label: 'site' },
      { key: 'peak_bytes', label: markLabel('at peak', est), numeric: true, format: fmt.bytes },
      { key: 'leaked_bytes', label: markLabel('leaked', est), numeric: true, format: fmt.bytes },
      { key: 'allocated_bytes', label: markLabel('allocated', est), numeric: true, format: fmt.bytes },
      { key: 'allocations', label: markLabel('calls', est), numeric: true, format: fmt.count },
      { key: 'temporary', label: markLabel('temporary', est), numeric: true, format: fmt.count },
    ],
  });
}

function stackList(frames) {
  if (!frames.length) return note('(no stack recorded)');
  return el('ol', { class: 'stack' }, frames.map((f) => el('li', { text: f })));
}

function leaksTable(leaks, est) {
  if (!leaks.groups.length) return note('Nothing leaked: every block was freed.');
  const rows = leaks.groups.map((g, i) => ({
    ...g, rank: i + 1, top: g.frames.length ? g.frames[0] : '(no stack recorded)',
  }));
  return el('div', {},
    el('p', { class: 'hint', text:
      `${est ? `${MARK} ` : ''}${fmt.bytes(leaks.bytes)} in ${fmt.count(leaks.blocks)} blocks, ${fmt.count(leaks.total_groups)} stacks. Click a row for its stack.` }),
    dataTable({
      id: 'leaks-table',
      sortKey: 'bytes',
      rows,
      columns: [
        { key: 'top', label: 'allocated at' },
        { key: 'bytes', label: markLabel('bytes', est), numeric: true, format: fmt.bytes },
        { key: 'blocks', label: markLabel('blocks', est), numeric: true, format: fmt.count },
      ],
      details: (row) => stackList(row.frames),
    }));
}

function threadsTable(threads, est) {
  if (!threads.length) return note('No thread allocated.');
  return dataTable({
    id: 'threads-table',
    sortKey: 'peak_bytes',
    rows: threads.map((t) => ({ ...t, label: t.name ? `${t.tid} (${t.name})` : String(t.tid) })),
    columns: [
      { key: 'label', label: 'thread' },
      { key: 'allocations', label: markLabel('calls', est), numeric: true, format: fmt.count },
      { key: 'allocated_bytes', label: markLabel('allocated', est), numeric: true, format: fmt.bytes },
      { key: 'frees', label: markLabel('frees', est), numeric: true, format: fmt.count },
      { key: 'peak_bytes', label: markLabel('held at peak', est), numeric: true, format: fmt.bytes },
      { key: 'leaked_bytes', label: markLabel('leaked', est), numeric: true, format: fmt.bytes },
    ],
  });
}

function renderReport(app, data) {
  const s = data.summary;
  const est = isEstimated(s);
  const events = data.has_events !== false;
  const timeline = events ? timelineChart(data.timeline, { estimated: est }) : null;
  const flame = flameGraph(data.flame, { metric: 'peak' });
  app.append(
    summaryHeader(s),
    summaryCards(s),
    section('memory', 'Memory over time', timeline || needsEvents('memory over time')),
    section('flame', 'Flame graph', legend(data.flame), flame),
    section('sites', 'Top allocation sites', sitesTable(data.sites, est)),
    section('leaks', 'Leaks', leaksTable(data.leaks, est)),
    section('sizes', 'Allocation sizes', events
      ? sizeHistogram(data.sizes, { estimated: est }) : needsEvents('the size histogram')),
    section('latency', 'Allocator-call latency', events
      ? latencyHistogram(data.latency, { sampled: est }) : needsEvents('call latency')),
    section('threads', 'Threads', events
      ? threadsTable(data.threads, est) : needsEvents('the per-thread view')));
  if (timeline) timeline.draw();
  flame.draw();
}

function renderFlamegraphPage(app, data) {
  const flame = flameGraph(data.flame, { metric: data.metric });
  app.append(
    el('header', { class: 'page-header' },
      el('h1', { text: data.title }),
      data.subtitle ? el('div', { class: 'command' }, el('code', { text: data.subtitle })) : null),
    section('flame', 'Flame graph', legend(data.flame), flame));
  flame.draw();
}

function main() {
  const app = document.getElementById('app');
  const data = JSON.parse(document.getElementById('memscope-data').textContent);
  if (data.page === 'flamegraph') renderFlamegraphPage(app, data);
  else renderReport(app, data);
  document.body.dataset.rendered = 'true';
}

main();
