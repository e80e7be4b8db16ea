// Small DOM and formatting helpers shared by the dashboard modules.

export const $ = (id) => document.getElementById(id);

/**
 * Creates an element. props: class, text, dataset (object), on (object of listeners); any other
 * key becomes an attribute (never "style": the page runs under CSP default-src 'self').
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'on') for (const [type, fn] of Object.entries(value)) node.addEventListener(type, fn);
    else if (key === 'hidden') node.hidden = true;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** 1536 -> "1.5 KiB"; three significant digits, binary units. */
export function bytes(n) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  let value = Math.abs(n);
  let i = 0;
  while (value >= 1024 && i < UNITS.length - 1) { value /= 1024; i++; }
  const digits = i === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return (n < 0 ? '-' : '') + value.toFixed(digits).replace(/\.0+$|(\.\d*?)0+$/, '$1') + ' ' + UNITS[i];
}

/** plural(3, 'file') -> "3 files". */
export function plural(n, word, words = word + 's') {
  return `${count(n)} ${n === 1 ? word : words}`;
}

export function count(n) {
  return n === null || n === undefined ? '–' : Number(n).toLocaleString();
}

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function dateTime(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : DATE_TIME.format(d);
}

/** "just now", "5 min ago", "3 h ago", "2 days ago", else the date. */
export function ago(iso) {
  if (!iso) return 'never';
  const seconds = (Date.now() - new Date(iso).getTime()) / 1000;
  if (Number.isNaN(seconds)) return iso;
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return Math.round(seconds / 60) + ' min ago';
  if (seconds < 86400) return Math.round(seconds / 3600) + ' h ago';
  if (seconds < 86400 * 14) return Math.round(seconds / 86400) + ' days ago';
  return dateTime(iso);
}

/** Percent (0..100, integer) of a job, 100 once it succeeded. */
export function percent(job) {
  if (job.state === 'succeeded') return 100;
  if (!job.total_bytes) return 0;
  return Math.max(0, Math.min(100, Math.floor((job.done_bytes * 100) / job.total_bytes)));
}

/** A batch state or job state as a small coloured badge. */
export function badge(state) {
  return el('span', { class: 'badge state-' + state, text: state });
}

export const FINAL_STATES = new Set(['succeeded', 'failed', 'cancelled']);

export function debounce(fn, millis) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), millis); };
}
