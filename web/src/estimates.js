// A sampled trace's heap figures are estimates: each sampled allocation counts
// as the 1/p allocations it stands for, as in the text reports ("estimated").
// The page marks every such figure with "≈" and says so next to each view.
import * as fmt from './format.js';

export const MARK = '≈';

export function isEstimated(summary) {
  return !!summary.estimated;
}

// "≈ 12.5 MiB" for an estimate, the value alone otherwise.
export function markValue(text, estimated) {
  return estimated ? `${MARK} ${text}` : text;
}

// A column or series label for estimated figures: "leaked ≈".
export function markLabel(label, estimated) {
  return estimated ? `${label} ${MARK}` : label;
}

export function estimateText(summary) {
  return `Sampled trace (one allocation recorded per ~${fmt.bytes(summary.sample_rate_bytes)} `
    + `allocated): figures marked ${MARK} are estimates, each sampled allocation weighted by `
    + 'the inverse of its chance to be sampled.';
}
