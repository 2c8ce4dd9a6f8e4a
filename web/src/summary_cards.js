// The headline figures of the trace, one card each, and what was traced.
import { el, note } from './dom.js';
import * as fmt from './format.js';
import { isEstimated, markValue, estimateText, MARK } from './estimates.js';

function card(label, value, detail, estimated = false) {
  return el('div', { class: estimated ? 'card estimate' : 'card',
    title: estimated ? `${MARK} estimate from a sampled trace` : null },
    el('div', { class: 'card-label', text: label }),
    el('div', { class: 'card-value' },
      estimated ? el('span', { class: 'estimate-mark', text: `${MARK} ` }) : null, value),
    detail ? el('div', { class: 'card-detail', text: detail }) : null);
}

export function summaryHeader(s) {
  const command = (s.command_line || []).join(' ');
  return el('header', { class: 'page-header' },
    el('h1', { text: `memscope report: ${s.executable || s.trace}` }),
    el('div', { class: 'command', title: 'command line' }, el('code', { text: command })),
    el('div', { class: 'facts', text:
      `pid ${s.pid} · ${s.mode} mode · ${s.threads} threads · ${fmt.count(s.events)} ${s.mode === 'aggregate' ? 'records' : 'events'} · trace ${s.trace}` }),
    s.truncated ? note(`This trace is truncated (${s.truncation_reason}): figures cover the recorded part only.`) : null,
    isEstimated(s) ? note(estimateText(s)) : null,
    s.mode === 'aggregate' ? note('Aggregate-mode trace: the recorder kept per-site totals and '
      + 'wrote them at exit, without events. Summary, flame graph, sites and leaks come from those '
      + 'totals; the views that need events say so.') : null,
    s.lost_events ? note(`The recorder dropped ${fmt.count(s.lost_events)} events.`) : null);
}

// Heap figures are estimates in a sampled trace; RSS and duration are measured.
export function summaryCards(s) {
  const est = isEstimated(s);
  return el('div', { class: 'cards', id: 'summary-cards' },
    card('peak heap', fmt.bytes(s.peak_heap_bytes), `at ${fmt.duration(s.peak_heap_time_ns)}`, est),
    card('peak RSS', fmt.bytes(s.peak_rss_bytes)),
    card('allocation calls', fmt.count(s.allocation_calls), `${markValue(fmt.count(s.free_calls), est)} frees`, est),
    card('allocated', fmt.bytes(s.allocated_bytes), null, est),
    card('temporary', fmt.count(s.temporary_allocations),
      `${fmt.percent(s.temporary_allocations, s.allocation_calls)} of calls`, est),
    card('leaked', fmt.bytes(s.leaked_bytes), `${markValue(fmt.count(s.leaked_blocks), est)} blocks`, est),
    card('duration', fmt.duration(s.duration_ns)));
}
