// Memory over time (uPlot): heap, RSS and anonymous mappings on one time axis.
// Drag to zoom, double-click to zoom out. The heap peak is marked and the
// program's phases, when it announced any, are shaded.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { el, note } from './dom.js';
import * as fmt from './format.js';
import { markLabel, markValue } from './estimates.js';

const SERIES = [
  { key: 'heap', label: 'heap', stroke: '#d0502a', fill: 'rgba(208,80,42,0.12)' },
  { key: 'rss', label: 'RSS', stroke: '#2a6fd0' },
  { key: 'mmap', label: 'mmap', stroke: '#3a9a4a' },
];
const PHASE_FILLS = ['rgba(120,120,220,0.10)', 'rgba(220,180,60,0.12)', 'rgba(80,180,160,0.12)'];

// The series share one x axis: the union of their sample times (seconds),
// with null where a series has no sample (uPlot draws across the gap).
function alignedData(timeline, present) {
  const times = new Set();
  for (const s of present) for (const t of timeline[s.key].t) times.add(t);
  const xs = Array.from(times).sort((a, b) => a - b);
  const column = new Map(xs.map((t, i) => [t, i]));
  const data = [xs.map((t) => t / 1e9)];
  for (const s of present) {
    const ys = new Array(xs.length).fill(null);
    const { t, v } = timeline[s.key];
    for (let i = 0; i < t.length; i++) ys[column.get(t[i])] = v[i];
    data.push(ys);
  }
  return data;
}

function drawPeakAndPhases(u, timeline, estimated) {
  const { ctx } = u;
  const { left, top, width, height } = u.bbox;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  timeline.phases.forEach((p, i) => {
    const x0 = u.valToPos(p.begin_ns / 1e9, 'x', true);
    const x1 = u.valToPos(p.end_ns / 1e9, 'x', true);
    ctx.fillStyle = PHASE_FILLS[i % PHASE_FILLS.length];
    ctx.fillRect(x0, top, Math.max(1, x1 - x0), height);
    ctx.fillStyle = '#555';
    ctx.font = `${Math.round(11 * devicePixelRatio)}px sans-serif`;
    ctx.fillText(p.name, x0 + 3, top + 12 * devicePixelRatio * (1 + (p.depth % 3)));
  });
  const peak = timeline.peak;
  if (peak.bytes > 0 && u.series[1] && u.series[1].show && u.series[1].key === 'heap') {
    const x = u.valToPos(peak.time_ns / 1e9, 'x', true);
    const y = u.valToPos(peak.bytes, 'y', true);
    ctx.strokeStyle = '#b00';
    ctx.setLineDash([4, 4]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = '#b00';
    ctx.beginPath();
    ctx.arc(x, y, 4 * devicePixelRatio, 0, 2 * Math.PI);
    ctx.fill();
    ctx.font = `${Math.round(11 * devicePixelRatio)}px sans-serif`;
    ctx.fillText(`peak ${markValue(fmt.bytes(peak.bytes), estimated)}`, x + 6, Math.max(top + 12, y - 6));
  }
  ctx.restore();
}

// estimated: a sampled trace, whose heap series is an estimate (RSS and
// mappings are measured).
export function timelineChart(timeline, { estimated = false } = {}) {
  const container = el('div', { class: 'timeline-chart', id: 'timeline-chart' });
  const present = SERIES.filter((s) => timeline[s.key] && timeline[s.key].t.length > 0);
  const notes = [];
  if (!timeline.rss.t.length) notes.push(note('No RSS samples in this trace (recorded with --rss-interval 0?).'));
  if (timeline.phases.length) {
    notes.push(el('p', { class: 'note' }, 'Shaded phases: ',
      timeline.phases.slice(0, 20).map((p, i) => el('span', { class: 'phase-name', text:
        `${i ? ', ' : ''}${p.name} (${fmt.duration(p.begin_ns)}–${fmt.duration(p.end_ns)})` }))));
  }
  if (timeline.phases_dropped) notes.push(note(`${timeline.phases_dropped} more phases are not shown.`));
  const root = el('div', { class: 'timeline' }, container,
    el('p', { class: 'hint', text: 'Drag across the chart to zoom in, double-click to zoom out.' }), notes);

  root.draw = () => {
    if (!present.length) {
      container.append(note('No heap or memory samples in this trace.'));
      return;
    }
    const width = Math.max(400, container.clientWidth || 1000);
    const opts = {
      width,
      height: 320,
      scales: { x: { time: false } },
      cursor: { drag: { x: true, y: false } },
      axes: [
        { label: 'time (s)', values: (u, vals) => vals.map((v) => `${+v.toFixed(6)}`) },
        { size: 80, values: (u, vals) => vals.map((v) => fmt.bytes(Math.round(v))) },
      ],
      series: [
        { label: 'time', value: (u, v) => (v === null ? '' : `${v.toFixed(6)} s`) },
        ...present.map((s) => ({
          key: s.key,
          label: s.key === 'heap' ? markLabel(s.label, estimated) : s.label,
          stroke: s.stroke,
          fill: s.fill,
          width: 1.5,
          spanGaps: true,
          paths: uPlot.paths.stepped({ align: 1 }),
          value: (u, v) => (v === null ? '' : fmt.bytes(v)),
        })),
      ],
      hooks: { draw: [(u) => drawPeakAndPhases(u, timeline, estimated)] },
    };
    const chart = new uPlot(opts, alignedData(timeline, present), container);
    container.dataset.points = String(chart.data[0].length);
    root.chart = chart;
  };
  return root;
}
