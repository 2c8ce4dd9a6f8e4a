// Human units, matching the text reports: binary byte units, counts with
// thousands separators, durations from nanoseconds.

export function bytes(n) {
  if (n === null || n === undefined) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = Number(n);
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${value} B`;
  return `${value.toFixed(Math.abs(value) < 100 ? 2 : 1)} ${units[unit]}`;
}

export function count(n) {
  return Number(n).toLocaleString('en-US');
}

export function duration(ns) {
  const v = Number(ns);
  if (v < 1e3) return `${v} ns`;
  if (v < 1e6) return `${(v / 1e3).toFixed(2)} µs`;
  if (v < 1e9) return `${(v / 1e6).toFixed(2)} ms`;
  return `${(v / 1e9).toFixed(2)} s`;
}

export function percent(part, whole) {
  if (!whole) return '0%';
  return `${((100 * part) / whole).toFixed(2)}%`;
}

// Byte metrics print as bytes, the others as counts.
export function metricValue(metric, value) {
  return metric === 'allocations' || metric === 'temporary' ? count(value) : bytes(value);
}

export const METRIC_LABELS = {
  peak: 'bytes at peak',
  leaked: 'leaked bytes',
  allocated: 'allocated bytes',
  allocations: 'allocation count',
  temporary: 'temporary allocations',
};
