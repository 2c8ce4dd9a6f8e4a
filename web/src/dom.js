// Building DOM nodes. Every string goes in through textContent or an
// attribute value, never through innerHTML: trace strings (function names,
// paths, command lines) are data and must never become markup.

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = String(value);
    else if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function section(id, title, ...children) {
  return el('section', { id, class: 'panel' }, el('h2', { text: title }), ...children);
}

export function note(text) {
  return el('p', { class: 'note', text });
}
