// Frame colours by kind, varied by a hash of the name, like the SVG flame
// graph memscope writes (src/report/svg_flamegraph.cpp).
function nameHash(name) {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i) & 0xff;
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}

export function frameColour(kind, name) {
  const h = nameHash(name || '');
  const v1 = (h & 0xff) / 255;
  const v2 = ((h >>> 8) & 0xff) / 255;
  let r; let g; let b;
  switch (kind) {
    case 'program': r = 205 + 50 * v1; g = 60 + 130 * v2; b = 40 + 40 * v1; break;
    case 'library': r = 195 + 55 * v1; g = 180 + 55 * v1; b = 40 + 50 * v2; break;
    case 'stdlib': r = 80 + 60 * v1; g = 180 + 50 * v2; b = 190 + 50 * v2; break;
    case 'allocator': r = 90 + 60 * v1; g = 190 + 50 * v2; b = 80 + 50 * v1; break;
    default: r = g = b = 170 + 40 * v1;
  }
  return `rgb(${Math.round(r)},${Math.round(g)},${Math.round(b)})`;
}

export const KIND_LABELS = {
  program: 'program', library: 'shared library', stdlib: 'C++ standard library',
  allocator: 'allocator', unresolved: 'unresolved',
};
