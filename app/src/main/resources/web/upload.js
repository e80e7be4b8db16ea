// Browser uploads: files and folders from drag and drop (folders walked with webkitGetAsEntry) or
// from the file pickers, sent as multipart/form-data to POST /api/jobs/upload: the optional
// "name" field first, then one "files" part per file whose filename is its relative path. Each
// upload gets a card with the bytes sent (XMLHttpRequest upload progress), then the server's job
// progress (live over SSE) until the batch is stored.
import { api, banner, report, xhrError } from './api.js';
import { follow, update, watchJob } from './jobs.js';
import { $, FINAL_STATES, bytes, count, el, percent } from './util.js';

const sending = new Set();
const DONE_COMPACT_MS = 20_000;
const MAX_FINISHED_CARDS = 4;

/** Drops the oldest finished upload cards beyond MAX_FINISHED_CARDS. */
function pruneCards() {
  const finished = [...document.querySelectorAll('#transfers .transfer-succeeded, #transfers .transfer-cancelled')];
  finished.slice(MAX_FINISHED_CARDS).forEach((card) => card.remove());
}

/** Reads every file below a FileSystemEntry as {file, path}. */
async function walk(entry, out) {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    out.push({ file, path: entry.fullPath.replace(/^\/+/, '') });
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    for (;;) {
      // readEntries returns at most ~100 entries per call; call until it returns none.
      const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, out);
    }
  }
}

async function filesOfDrop(dataTransfer) {
  const items = [...(dataTransfer.items || [])].filter((i) => i.kind === 'file');
  // webkitGetAsEntry must be called while the drop event is being handled: take all entries first.
  const entries = items.map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null));
  if (entries.length === 0 || entries.some((e) => !e)) {
    return [...dataTransfer.files].map((file) => ({ file, path: file.name }));
  }
  const out = [];
  for (const entry of entries) await walk(entry, out);
  return out;
}

function summary(items) {
  const tops = [...new Set(items.map((i) => i.path.split('/')[0]))];
  const size = items.reduce((s, i) => s + i.file.size, 0);
  const what = tops.length === 1 ? tops[0] : `${tops[0]} and ${tops.length - 1} more`;
  return { what, size, text: `${what}: ${count(items.length)} file${items.length === 1 ? '' : 's'}, ${bytes(size)}` };
}

function transferCard(title) {
  const bar = el('progress', { class: 'transfer-progress', max: 100, value: 0 });
  const status = el('div', { class: 'transfer-status', text: 'preparing…' });
  const cancel = el('button', { type: 'button', class: 'small', text: 'Cancel' });
  const close = el('button', { type: 'button', class: 'small icon', title: 'Dismiss', text: '×', hidden: true });
  const card = el('li', { class: 'transfer' },
    el('div', { class: 'transfer-head' }, el('span', { class: 'transfer-title', title, text: title }), cancel, close),
    bar, status);
  close.addEventListener('click', () => card.remove());
  $('transfers').prepend(card);
  return { card, bar, status, cancel, close };
}

/** Uploads items ({file, path}) as one batch. */
export function uploadItems(items, name) {
  if (items.length === 0) {
    banner('Nothing to upload: empty folders are not uploaded.', 'info');
    return;
  }
  const bad = items.find((i) => i.path.split('/').some((p) => p === '' || p === '.' || p === '..'));
  if (bad) { banner('Cannot upload ' + bad.path + ': unusual path'); return; }
  const info = summary(items);
  const ui = transferCard((name ? name + ' — ' : '') + info.text);
  ui.card.dataset.state = 'sending';

  const form = new FormData();
  if (name) form.append('name', name);
  for (const item of items) form.append('files', item.file, item.path);

  const xhr = new XMLHttpRequest();
  sending.add(xhr);
  xhr.open('POST', '/api/jobs/upload');
  xhr.responseType = 'text';
  xhr.upload.addEventListener('progress', (e) => {
    const total = e.lengthComputable ? e.total : info.size;
    const pct = total ? Math.floor((e.loaded * 100) / total) : 0;
    ui.bar.value = pct;
    ui.status.textContent = `sending to the server: ${pct}% (${bytes(e.loaded)} of ${bytes(total)})`;
  });
  xhr.upload.addEventListener('load', () => {
    ui.bar.removeAttribute('value');
    ui.status.textContent = 'sent; the server is staging the files…';
  });
  const finish = (state, text) => {
    if (state === 'succeeded' && ui.card.dataset.state !== 'succeeded') {
      // Finished uploads shrink to one line after a while (the job history keeps them).
      setTimeout(() => ui.card.classList.add('transfer-done'), DONE_COMPACT_MS);
      pruneCards();
    }
    sending.delete(xhr);
    ui.card.dataset.state = state;
    ui.card.classList.add('transfer-' + state);
    ui.cancel.hidden = true;
    ui.close.hidden = false;
    if (text) ui.status.textContent = text;
  };
  xhr.addEventListener('load', () => {
    if (xhr.status !== 202 && xhr.status !== 200) {
      const error = xhrError(xhr);
      ui.bar.value = 0;
      finish('failed', 'refused: ' + error.message);
      report(error);
      return;
    }
    sending.delete(xhr);
    const job = JSON.parse(xhr.responseText);
    ui.card.dataset.jobId = job.job_id;
    ui.cancel.hidden = true;
    watchJob(job.job_id, (j) => {
      const pct = percent(j);
      if (j.state === 'running' && !j.total_bytes) ui.bar.removeAttribute('value');
      else ui.bar.value = pct;
      if (j.state === 'succeeded') {
        finish('succeeded', '');
        ui.status.replaceChildren('stored on Discord (job #' + j.job_id + ') ',
          j.batch_id ? el('a', { href: '#/batches/' + j.batch_id, text: 'open batch' }) : '');
      } else if (FINAL_STATES.has(j.state)) {
        finish('failed', `job #${j.job_id} ${j.state}: ${j.message || ''}`);
      } else {
        ui.status.textContent = `job #${j.job_id} ${j.state}: ${j.message || ''}`
          + (j.total_bytes ? ` ${pct}% (${bytes(j.done_bytes)} of ${bytes(j.total_bytes)})` : '');
      }
    });
    update(job);
    follow(job.job_id);
  });
  xhr.addEventListener('error', () => { finish('failed', 'the connection to the server failed'); banner('Upload failed: the connection to the server failed'); });
  xhr.addEventListener('abort', () => finish('cancelled', 'cancelled'));
  ui.cancel.addEventListener('click', () => xhr.abort());
  xhr.send(form);
}

function takeName() {
  const input = $('upload-name');
  const name = input.value.trim();
  input.value = '';
  return name || undefined;
}

function fromInput(input) {
  const items = [...input.files].map((file) => ({ file, path: file.webkitRelativePath || file.name }));
  input.value = '';
  if (items.length) uploadItems(items, takeName());
}

export function initUpload() {
  const zone = $('dropzone');
  $('upload-files').addEventListener('change', (e) => fromInput(e.target));
  $('upload-folder').addEventListener('change', (e) => fromInput(e.target));

  // Dropping anywhere else must not make the browser open the file instead of the page.
  for (const type of ['dragover', 'drop']) window.addEventListener(type, (e) => e.preventDefault());
  let depth = 0;
  zone.addEventListener('dragenter', (e) => { e.preventDefault(); depth++; zone.classList.add('dragging'); });
  zone.addEventListener('dragleave', () => { if (--depth <= 0) { depth = 0; zone.classList.remove('dragging'); } });
  zone.addEventListener('dragover', (e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; });
  zone.addEventListener('drop', async (e) => {
    e.preventDefault();
    depth = 0;
    zone.classList.remove('dragging');
    const name = takeName();
    try {
      uploadItems(await filesOfDrop(e.dataTransfer), name);
    } catch (error) {
      report(new Error('Cannot read the dropped files: ' + error.message));
    }
  });
  $('pick-files').addEventListener('click', () => $('upload-files').click());
  $('pick-folder').addEventListener('click', () => $('upload-folder').click());

  $('server-upload').addEventListener('submit', async (e) => {
    e.preventDefault();
    const path = $('server-path').value.trim();
    try {
      const name = takeName();
      const job = await api('/api/jobs/upload', { method: 'POST', json: name ? { paths: [path], name } : { paths: [path] } });
      update(job);
      follow(job.job_id);
      $('server-path').value = '';
    } catch (error) { report(error); }
  });

  window.addEventListener('beforeunload', (e) => {
    if (sending.size > 0) { e.preventDefault(); e.returnValue = ''; }
  });
}
