// A batch's entries as a collapsible file tree (<details> per directory, built lazily on first
// open so batches with many thousands of files stay fast), each file a download link.
import { batchFileUrl } from './api.js';
import { bytes, count, el } from './util.js';

const COLLATOR = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
/** Batches up to this many entries open with every directory expanded. */
const EXPAND_ALL_UP_TO = 200;

function node(name, path) {
  return { name, path, dirs: new Map(), files: [], fileCount: 0, size: 0 };
}

/** Builds the directory tree of entries ({path, type, size}). */
export function buildTree(entries) {
  const root = node('', '');
  const dirOf = (parts) => {
    let current = root;
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i];
      if (!current.dirs.has(name)) current.dirs.set(name, node(name, parts.slice(0, i + 1).join('/')));
      current = current.dirs.get(name);
    }
    return current;
  };
  for (const entry of entries) {
    const parts = entry.path.split('/').filter((p) => p.length > 0);
    if (parts.length === 0) continue;
    if (entry.type === 'dir') dirOf(parts);
    else dirOf(parts.slice(0, -1)).files.push({ ...entry, name: parts[parts.length - 1] });
  }
  const total = (n) => {
    n.fileCount = n.files.length;
    n.size = n.files.reduce((s, f) => s + (f.size || 0), 0);
    for (const d of n.dirs.values()) { total(d); n.fileCount += d.fileCount; n.size += d.size; }
  };
  total(root);
  return root;
}

function fileItem(batchId, file, label) {
  const link = file.type === 'file'
    ? el('a', {
      class: 'file-link', href: batchFileUrl(batchId, file.path), download: file.name,
      dataset: { path: file.path }, title: 'Download ' + file.path,
    }, label || file.name)
    : el('span', { class: 'file-other', dataset: { path: file.path }, title: file.type }, label || file.name);
  return el('li', { class: 'tree-file tree-' + file.type },
    link,
    file.type === 'symlink' ? el('span', { class: 'muted', text: ' symlink' }) : null,
    el('span', { class: 'tree-size', text: file.type === 'file' ? bytes(file.size) : '' }));
}

function children(batchId, dir, expand) {
  const list = el('ul', { class: 'tree' });
  const dirs = [...dir.dirs.values()].sort((a, b) => COLLATOR.compare(a.name, b.name));
  for (const sub of dirs) list.append(dirItem(batchId, sub, expand));
  const files = dir.files.slice().sort((a, b) => COLLATOR.compare(a.name, b.name));
  for (const file of files) list.append(fileItem(batchId, file));
  return list;
}

function dirItem(batchId, dir, expand) {
  const details = el('details', { class: 'tree-dir', dataset: { path: dir.path } },
    el('summary', {},
      el('span', { class: 'tree-dir-name', text: dir.name + '/' }),
      el('span', { class: 'tree-size', text: `${count(dir.fileCount)} file${dir.fileCount === 1 ? '' : 's'} · ${bytes(dir.size)}` })));
  let built = false;
  const build = () => { if (!built) { built = true; details.append(children(batchId, dir, expand)); } };
  details.buildChildren = build;
  details.addEventListener('toggle', () => { if (details.open) build(); });
  if (expand) { build(); details.open = true; }
  return el('li', {}, details);
}

/** Renders the tree of a batch into container; filter (a substring) shows matching files flat. */
export function renderTree(container, batchId, entries, filter = '') {
  const needle = filter.trim().toLowerCase();
  if (needle) {
    const matches = entries.filter((e) => e.type !== 'dir' && e.path.toLowerCase().includes(needle));
    const shown = matches.slice(0, 500)
      .map((e) => fileItem(batchId, { ...e, name: e.path.split('/').pop() }, e.path));
    const parts = [matches.length ? el('ul', { class: 'tree tree-flat' }, shown) : el('p', { class: 'muted', text: 'No file matches.' })];
    if (matches.length > 500) parts.push(el('p', { class: 'muted', text: `Showing 500 of ${count(matches.length)} matches.` }));
    container.replaceChildren(...parts);
    return;
  }
  if (entries.length === 0) {
    container.replaceChildren(el('p', { class: 'muted', text: 'This batch has no entries.' }));
    return;
  }
  const root = buildTree(entries);
  const expandAll = entries.length <= EXPAND_ALL_UP_TO;
  const list = children(batchId, root, expandAll);
  if (!expandAll) list.querySelectorAll(':scope > li > details').forEach((d) => { d.buildChildren(); d.open = true; });
  container.replaceChildren(list);
}

/** Opens (true) or closes every directory, building the unbuilt ones as it goes. */
export function setAllOpen(container, open) {
  if (!open) {
    container.querySelectorAll('details.tree-dir').forEach((d) => { d.open = false; });
    return;
  }
  let closed;
  while ((closed = container.querySelectorAll('details.tree-dir:not([open])')).length > 0) {
    closed.forEach((d) => { d.buildChildren(); d.open = true; });
  }
}
