// The batch browser: a searchable, sortable, paged list, and a batch's detail view (#/batches/<id>)
// with its file tree, download links and the verify / resume / delete actions.
import { ApiError, api, banner, batchArchiveUrl, report } from './api.js';
import { startJob } from './jobs.js';
import { renderTree, setAllOpen } from './tree.js';
import { $, badge, bytes, count, dateTime, debounce, el, plural } from './util.js';

const PAGE = 20;
const query = { q: '', sort: 'created', order: 'desc', offset: 0 };
let current = null; // the batch shown in the detail view
let afterChange = () => {};

/** fn() runs after this module changed the store (a delete), to refresh the overview. */
export function onStoreChanged(fn) { afterChange = fn; }

function ratio(b) {
  return b.stored_bytes > 0 && b.original_bytes > 0 ? (b.original_bytes / b.stored_bytes).toFixed(2) + '×' : '–';
}

function batchRow(b) {
  const open = () => { location.hash = '#/batches/' + b.batch_id; };
  return el('tr', { class: 'batch-row', dataset: { batchId: b.batch_id, name: b.name, state: b.state }, on: { click: open } },
    el('td', { class: 'batch-name' },
      el('a', { href: '#/batches/' + b.batch_id, class: 'batch-link', text: b.name || '(unnamed)', title: b.batch_id })),
    el('td', {}, badge(b.state)),
    el('td', { class: 'num', text: count(b.files) }),
    el('td', { class: 'num', text: bytes(b.original_bytes) }),
    el('td', { class: 'num', text: bytes(b.stored_bytes) }),
    el('td', { class: 'num', text: ratio(b) }),
    el('td', { class: 'date', text: dateTime(b.created_at), title: b.created_at }));
}

function sortHeaders() {
  document.querySelectorAll('#batches-table th[data-sort]').forEach((th) => {
    const active = th.dataset.sort === query.sort;
    th.classList.toggle('sorted', active);
    th.setAttribute('aria-sort', active ? (query.order === 'asc' ? 'ascending' : 'descending') : 'none');
    th.querySelector('.arrow').textContent = active ? (query.order === 'asc' ? '▲' : '▼') : '';
  });
}

/** Reloads the current page of the batch list. */
export async function loadBatches() {
  const params = new URLSearchParams({ sort: query.sort, order: query.order, offset: query.offset, limit: PAGE });
  if (query.q) params.set('q', query.q);
  const page = await api('/api/batches?' + params);
  if (page.batches.length === 0 && query.offset > 0 && page.total > 0) {
    query.offset = Math.max(0, Math.floor((page.total - 1) / PAGE) * PAGE);
    return loadBatches();
  }
  $('batches-body').replaceChildren(...page.batches.map(batchRow));
  $('batches-empty').hidden = page.batches.length > 0;
  $('batches-empty').textContent = query.q ? `No batch name contains "${query.q}".` : 'No batches yet: upload files on the right.';
  const first = page.total === 0 ? 0 : query.offset + 1;
  $('batches-range').textContent = page.total === 0 ? ''
    : `${count(first)}–${count(query.offset + page.batches.length)} of ${count(page.total)}`;
  $('batches-prev').disabled = query.offset === 0;
  $('batches-next').disabled = !page.has_more;
  sortHeaders();
}

// ---- detail ---------------------------------------------------------------------------------

function meta(label, value, cls) {
  return el('div', { class: 'meta-item' + (cls === 'mono' ? ' wide' : '') },
    el('dt', { text: label }), el('dd', { class: cls, text: value, title: value }));
}

function entriesText(b) {
  if (!b.entries) return count(b.files);
  const files = b.entries.filter((e) => e.type === 'file').length;
  const dirs = b.entries.filter((e) => e.type === 'dir').length;
  const links = b.entries.length - files - dirs;
  return [plural(files, 'file'), dirs ? plural(dirs, 'folder') : '', links ? plural(links, 'link') : '']
    .filter(Boolean).join(', ');
}

function renderDetail(b) {
  // A refresh of the batch shown keeps the tree (and what is open in it) when its entries are the same.
  const sameTree = current && current.batch_id === b.batch_id && JSON.stringify(current.entries) === JSON.stringify(b.entries);
  current = b;
  $('batch-detail').dataset.batchId = b.batch_id;
  $('detail-name').textContent = b.name || '(unnamed)';
  $('detail-state').replaceChildren(badge(b.state));
  const posted = (b.chunk_list || []).filter((c) => c.state === 'posted').length;
  $('detail-meta').replaceChildren(
    meta('id', b.batch_id, 'mono'),
    meta('created', dateTime(b.created_at)),
    meta('completed', b.completed_at ? dateTime(b.completed_at) : '–'),
    meta('entries', entriesText(b)),
    meta('original', bytes(b.original_bytes)),
    meta('stored', `${bytes(b.stored_bytes)} · ${ratio(b)}${b.codec ? ' (' + b.codec + ')' : ''}`),
    meta('chunks', b.chunk_list && posted !== b.chunks ? `${count(posted)} of ${count(b.chunks)} stored` : count(b.chunks)));
  const stored = b.state === 'complete' || b.state === 'damaged';
  $('detail-resume').hidden = b.state !== 'incomplete';
  $('detail-verify').disabled = !stored;
  $('detail-verify-deep').disabled = !stored;
  const archive = $('archive-link');
  archive.href = batchArchiveUrl(b.batch_id);
  archive.setAttribute('download', (b.name || b.batch_id) + '.tar');
  archive.classList.toggle('disabled', !stored);
  if (!sameTree) {
    $('tree-filter').value = '';
    renderTree($('tree'), b.batch_id, b.entries || []);
  }
}

/** Shows batch id in the detail view (from the #/batches/<id> route). */
export async function showBatch(id) {
  const fromList = !$('batch-list').hidden;
  $('batch-list').hidden = true;
  $('batch-detail').hidden = false;
  if (!current || current.batch_id !== id) {
    $('detail-name').textContent = 'Loading…';
    $('detail-meta').replaceChildren();
    $('tree').replaceChildren();
  }
  try {
    renderDetail(await api('/api/batches/' + encodeURIComponent(id)));
    const top = $('batches').getBoundingClientRect().top;
    if (fromList && (top < 0 || top > innerHeight / 2)) $('batches').scrollIntoView({ block: 'start' });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      banner('No such batch (it may have been deleted): ' + id);
      location.hash = '';
      return;
    }
    report(error);
  }
}

export function showList() {
  current = null;
  $('batch-detail').hidden = true;
  $('batch-list').hidden = false;
  delete $('batch-detail').dataset.batchId;
}

/** The batch shown in the detail view, if any (to refresh it after a job ends). */
export function currentBatchId() { return current ? current.batch_id : null; }

function confirmDialog(message, action) {
  const dialog = $('confirm-dialog');
  $('confirm-text').textContent = message;
  $('confirm-ok').textContent = action;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
  });
}

async function run(button, fn) {
  button.disabled = true;
  try { await fn(); } catch (error) { report(error); } finally { button.disabled = false; }
}

export function initBatches() {
  const search = debounce(() => { query.q = $('batch-search').value.trim(); query.offset = 0; loadBatches().catch(report); }, 250);
  $('batch-search').addEventListener('input', search);
  $('batch-search-form').addEventListener('submit', (e) => { e.preventDefault(); search(); });
  document.querySelectorAll('#batches-table th[data-sort]').forEach((th) => {
    th.addEventListener('click', () => {
      if (query.sort === th.dataset.sort) query.order = query.order === 'asc' ? 'desc' : 'asc';
      else { query.sort = th.dataset.sort; query.order = th.dataset.sort === 'name' ? 'asc' : 'desc'; }
      query.offset = 0;
      loadBatches().catch(report);
    });
  });
  $('batches-prev').addEventListener('click', () => { query.offset = Math.max(0, query.offset - PAGE); loadBatches().catch(report); });
  $('batches-next').addEventListener('click', () => { query.offset += PAGE; loadBatches().catch(report); });
  $('batches-refresh').addEventListener('click', () => loadBatches().catch(report));

  $('detail-back').addEventListener('click', () => { location.hash = ''; });
  $('detail-verify').addEventListener('click', (e) => run(e.target, async () => {
    await startJob('/api/jobs/verify', { batch_id: current.batch_id, deep: false });
  }));
  $('detail-verify-deep').addEventListener('click', (e) => run(e.target, async () => {
    await startJob('/api/jobs/verify', { batch_id: current.batch_id, deep: true });
  }));
  $('detail-resume').addEventListener('click', (e) => run(e.target, async () => {
    await startJob('/api/jobs/resume', { batch_id: current.batch_id });
  }));
  $('detail-delete').addEventListener('click', (e) => run(e.target, async () => {
    const b = current;
    if (!await confirmDialog(`Delete batch "${b.name}" (${plural(b.files, 'entry', 'entries')}, ${bytes(b.stored_bytes)} stored)? `
      + 'Its messages on Discord are deleted too; this cannot be undone.', 'Delete')) return;
    await api('/api/batches/' + encodeURIComponent(b.batch_id), { method: 'DELETE' });
    banner(`Deleted batch "${b.name}".`, 'info');
    showList();
    history.replaceState(null, '', location.pathname + location.search);
    afterChange();
  }));
  $('restore-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const button = e.submitter || $('restore-form').querySelector('button');
    run(button, async () => {
      const destination = $('restore-path').value.trim();
      await startJob('/api/jobs/download', { batch_id: current.batch_id, destination, overwrite: $('restore-overwrite').checked });
      banner(`Restoring "${current.name}" to ${destination} on the server.`, 'info');
    });
  });
  $('archive-link').addEventListener('click', (e) => { if (e.currentTarget.classList.contains('disabled')) e.preventDefault(); });
  $('tree-filter').addEventListener('input', debounce(() => {
    if (current) renderTree($('tree'), current.batch_id, current.entries || [], $('tree-filter').value);
  }, 150));
  $('tree-expand').addEventListener('click', () => setAllOpen($('tree'), true));
  $('tree-collapse').addEventListener('click', () => setAllOpen($('tree'), false));
}
