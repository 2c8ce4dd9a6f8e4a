// The headline figures of the trace, one card each, and what was traced.
import { el, note } from './dom.js';
import * as fmt from './format.js';

function card(label, value, detail) {
  return el('div', { class: 'card' },
    el('div', { class: 'card-label', text: label }),
    el('div', { class: 'card-value', text: value }),
    detail ? el('div', { class: 'card-detail', text: detail }) : null);
}

export function summaryHeader(s) {
  const command = (s.command_line || []).join(' ');
  return el('header', { class: 'page-header' },
    el('h1', { text: `memscope report: ${s.executable || s.trace}` }),
    el('div', { class: 'command', title: 'command line' }, el('code', { text: command })),
    el('div', { class: 'facts', text:
      `pid ${s.pid} · ${s.mode} mode · ${s.threads} threads · ${fmt.count(s.events)} events · trace ${s.trace}` }),
    s.truncated ? note(`This trace is truncated (${s.truncation_reason}): figures cover the recorded part only.`) : null,
    s.mode === 'sampled' ? note('Sampled trace: only the sampled allocations were recorded. The '
      + 'timeline, size and latency histograms and per-thread figures count those samples.') : null,
    s.lost_events ? note(`The recorder dropped ${fmt.count(s.lost_events)} events.`) : null);
}

export function summaryCards(s) {
  return el('div', { class: 'cards', id: 'summary-cards' },
    card('peak heap', fmt.bytes(s.peak_heap_bytes), `at ${fmt.duration(s.peak_heap_time_ns)}`),
    card('peak RSS', fmt.bytes(s.peak_rss_bytes)),
    card('allocation calls', fmt.count(s.allocation_calls), `${fmt.count(s.free_calls)} frees`),
    card('allocated', fmt.bytes(s.allocated_bytes)),
    card('temporary', fmt.count(s.temporary_allocations),
      `${fmt.percent(s.temporary_allocations, s.allocation_calls)} of calls`),
    card('leaked', fmt.bytes(s.leaked_bytes), `${fmt.count(s.leaked_blocks)} blocks`),
    card('duration', fmt.duration(s.duration_ns)));
}
