'use strict';
// The token lives in sessionStorage only (gone with the tab) and is sent as a bearer header;
// never in URLs. EventSource cannot send headers, so job events are read with fetch.
const api = async (path, options = {}) => {
  const headers = { Authorization: 'Bearer ' + sessionStorage.getItem('dosToken'), ...(options.headers || {}) };
  const response = await fetch(path, { ...options, headers });
  const body = await response.json();
  if (!response.ok) throw new Error(body.message || response.statusText);
  return body;
};
const $ = (id) => document.getElementById(id);
const cell = (text, cls) => { const td = document.createElement('td'); td.textContent = text ?? ''; if (cls) td.className = cls; return td; };
const bytes = (n) => { const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB']; let i = 0; while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; } return n.toFixed(i ? 1 : 0) + ' ' + u[i]; };
const watched = new Set();

async function loadStats() {
  const s = await api('/api/stats');
  const items = [['batches', s.batches], ['files', s.files], ['original', bytes(s.original_bytes)],
    ['stored', bytes(s.stored_bytes)], ['ratio', s.compression_ratio.toFixed(2)], ['chunks', s.chunks],
    ['incomplete uploads', s.incomplete_uploads], ['last verify', s.last_verify || 'never']];
  $('stats').replaceChildren(...items.map(([k, v]) => {
    const d = document.createElement('div'); const dt = document.createElement('dt'); const dd = document.createElement('dd');
    dt.textContent = k; dd.textContent = v; d.append(dt, dd); return d;
  }));
}

async function loadBatches() {
  const page = await api('/api/batches?limit=100&q=' + encodeURIComponent($('q').value));
  $('batches').replaceChildren(...page.items.map((b) => {
    const tr = document.createElement('tr');
    tr.append(cell(b.name), cell(b.id, 'id'), cell(b.state), cell(b.files), cell(bytes(b.original_bytes)),
      cell(bytes(b.stored_bytes)), cell(new Date(b.created_at).toLocaleString()));
    const actions = document.createElement('td');
    const verify = document.createElement('button'); verify.textContent = 'Verify';
    verify.onclick = () => startJob('/api/jobs/verify', { batch_id: b.id, deep: false });
    const del = document.createElement('button'); del.textContent = 'Delete';
    del.onclick = async () => { if (confirm('Delete batch ' + b.name + '?')) { await api('/api/batches/' + b.id, { method: 'DELETE' }); refresh(); } };
    actions.append(verify, del); tr.append(actions); return tr;
  }));
}

function jobRow(job) {
  let tr = document.querySelector(`tr[data-job="${job.id}"]`);
  if (!tr) { tr = document.createElement('tr'); tr.dataset.job = job.id; $('jobs').prepend(tr); }
  const bar = document.createElement('progress');
  bar.max = job.total_bytes || 1; bar.value = job.state === 'succeeded' ? bar.max : job.done_bytes;
  const progressCell = document.createElement('td'); progressCell.append(bar);
  tr.replaceChildren(cell(job.id), cell(job.kind), cell(job.state, job.state), progressCell, cell(job.message));
}

async function follow(id) {
  if (watched.has(id)) return;
  watched.add(id);
  const response = await fetch('/api/jobs/' + id + '/events', { headers: { Authorization: 'Bearer ' + sessionStorage.getItem('dosToken') } });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end); buffer = buffer.slice(end + 2);
      const data = event.split('\n').find((l) => l.startsWith('data: '));
      if (data) jobRow(JSON.parse(data.slice(6)));
    }
  }
  watched.delete(id);
  refresh();
}

async function loadJobs() {
  const jobs = await api('/api/jobs?limit=50');
  $('jobs').replaceChildren();
  jobs.items.slice().reverse().forEach((j) => { jobRow(j); if (j.state === 'queued' || j.state === 'running') follow(j.id); });
}

async function startJob(path, body) {
  try { const job = await api(path, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }); jobRow(job); follow(job.id); }
  catch (e) { alert(e.message); }
}

async function refresh() {
  try { await Promise.all([loadStats(), loadBatches()]); $('status').textContent = 'connected'; }
  catch (e) { $('status').textContent = e.message; }
}

$('login').onsubmit = async (e) => {
  e.preventDefault();
  sessionStorage.setItem('dosToken', $('token').value.trim());
  try { await loadStats(); } catch (err) { $('status').textContent = err.message; return; }
  $('login').hidden = true; $('dashboard').hidden = false; refresh(); loadJobs();
};
$('upload').onsubmit = (e) => { e.preventDefault(); startJob('/api/jobs/upload', { paths: [$('upload-path').value] }); };
$('search').onsubmit = (e) => { e.preventDefault(); loadBatches(); };
if (sessionStorage.getItem('dosToken')) { $('login').hidden = true; $('dashboard').hidden = false; refresh(); loadJobs(); }
