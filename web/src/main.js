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

function legend() {
  return el('div', { class: 'legend' }, Object.entries(KIND_LABELS).map(([kind, label]) =>
    el('span', { class: 'legend-item' },
      el('span', { class: 'swatch', style: `background:${frameColour(kind, label)}` }), label)));
}

function sitesTable(sites) {
  return dataTable({
    id: 'sites-table',
    sortKey: 'peak_bytes',
    rows: sites.rows,
    columns: [
      { key: 'location', label: 'site' },
      { key: 'peak_bytes', label: 'at peak', numeric: true, format: fmt.bytes },
      { key: 'leaked_bytes', label: 'leaked', numeric: true, format: fmt.bytes },
      { key: 'allocated_bytes', label: 'allocated', numeric: true, format: fmt.bytes },
      { key: 'allocations', label: 'calls', numeric: true, format: fmt.count },
      { key: 'temporary', label: 'temporary', numeric: true, format: fmt.count },
    ],
  });
}

function stackList(frames) {
  if (!frames.length) return note('(no stack recorded)');
  return el('ol', { class: 'stack' }, frames.map((f) => el('li', { text: f })));
}

function leaksTable(leaks) {
  if (!leaks.groups.length) return note('Nothing leaked: every block was freed.');
  const rows = leaks.groups.map((g, i) => ({
    ...g, rank: i + 1, top: g.frames.length ? g.frames[0] : '(no stack recorded)',
  }));
  return el('div', {},
    el('p', { class: 'hint', text:
      `${fmt.bytes(leaks.bytes)} in ${fmt.count(leaks.blocks)} blocks, ${fmt.count(leaks.total_groups)} stacks. Click a row for its stack.` }),
    dataTable({
      id: 'leaks-table',
      sortKey: 'bytes',
      rows,
      columns: [
        { key: 'top', label: 'allocated at' },
        { key: 'bytes', label: 'bytes', numeric: true, format: fmt.bytes },
        { key: 'blocks', label: 'blocks', numeric: true, format: fmt.count },
      ],
      details: (row) => stackList(row.frames),
    }));
}

function threadsTable(threads) {
  if (!threads.length) return note('No thread allocated.');
  return dataTable({
    id: 'threads-table',
    sortKey: 'peak_bytes',
    rows: threads.map((t) => ({ ...t, label: t.name ? `${t.tid} (${t.name})` : String(t.tid) })),
    columns: [
      { key: 'label', label: 'thread' },
      { key: 'allocations', label: 'calls', numeric: true, format: fmt.count },
      { key: 'allocated_bytes', label: 'allocated', numeric: true, format: fmt.bytes },
      { key: 'frees', label: 'frees', numeric: true, format: fmt.count },
      { key: 'peak_bytes', label: 'held at peak', numeric: true, format: fmt.bytes },
      { key: 'leaked_bytes', label: 'leaked', numeric: true, format: fmt.bytes },
    ],
  });
}

function renderReport(app, data) {
  const s = data.summary;
  const timeline = timelineChart(data.timeline);
  const flame = flameGraph(data.flame, { metric: 'peak' });
  app.append(
    summaryHeader(s),
    summaryCards(s),
    section('memory', 'Memory over time', timeline),
    section('flame', 'Flame graph', legend(), flame),
    section('sites', 'Top allocation sites', sitesTable(data.sites)),
    section('leaks', 'Leaks', leaksTable(data.leaks)),
    section('sizes', 'Allocation sizes', sizeHistogram(data.sizes)),
    section('latency', 'Allocator-call latency', latencyHistogram(data.latency)),
    section('threads', 'Threads', threadsTable(data.threads)));
  timeline.draw();
  flame.draw();
}

function renderFlamegraphPage(app, data) {
  const flame = flameGraph(data.flame, { metric: data.metric });
  app.append(
    el('header', { class: 'page-header' },
      el('h1', { text: data.title }),
      data.subtitle ? el('div', { class: 'command' }, el('code', { text: data.subtitle })) : null),
    section('flame', 'Flame graph', legend(), flame));
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
