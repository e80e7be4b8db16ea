// Job history with live progress. Jobs live in the server's index, so the table is rebuilt from
// GET /api/jobs after a reload and running jobs are followed again. Each running job is followed
// with an EventSource on /api/jobs/{id}/events (the session cookie authenticates it); the browser
// reconnects by itself after network trouble, and a periodic GET /api/jobs catches anything missed
// (and jobs started elsewhere, e.g. by the CLI or another tab).
import { api, report } from './api.js';
import { $, FINAL_STATES, ago, badge, el, percent } from './util.js';

/** At most this many event streams at once (browsers allow ~6 connections per host). */
const MAX_STREAMS = 4;
const POLL_ACTIVE_MS = 3000;
const POLL_IDLE_MS = 15000;

const jobs = new Map();
const streams = new Map();
const listeners = new Map();
let finishedHandler = () => {};
let limit = 30;
let pollTimer;

/** fn(job) runs whenever a job reaches a final state (seen live by this page). */
export function onJobFinished(fn) { finishedHandler = fn; }

/** fn(job) runs on every update of job id (used by the upload cards). */
export function watchJob(id, fn) {
  if (!listeners.has(id)) listeners.set(id, new Set());
  listeners.get(id).add(fn);
  if (jobs.has(id)) fn(jobs.get(id));
}

function progressCell(job) {
  const bar = el('progress', { class: 'job-progress', id: 'job-progress-' + job.job_id, max: 100 });
  const pct = percent(job);
  const indeterminate = job.state === 'running' && !job.total_bytes;
  if (!indeterminate) bar.value = pct;
  bar.dataset.percent = String(pct);
  const label = job.total_bytes
    ? `${pct}%`
    : job.state === 'succeeded' ? '100%' : '';
  return el('td', { class: 'job-progress-cell' },
    el('div', {}, bar, el('span', { class: 'pct', text: label })),
    el('div', { class: 'job-time', title: job.updated_at, text: ago(job.updated_at) }));
}

function jobRow(job) {
  const batchLink = job.batch_id
    ? el('a', { href: '#/batches/' + job.batch_id, class: 'batch-link', title: job.batch_id, text: 'batch ' + job.batch_id.slice(0, 8) })
    : null;
  return el('tr', {
    class: 'job-row state-row-' + job.state,
    dataset: { jobId: job.job_id, state: job.state, kind: job.kind, batchId: job.batch_id || '' },
  },
  el('td', { class: 'num', text: '#' + job.job_id }),
  el('td', { class: 'job-main' },
    el('div', { class: 'job-title' }, el('strong', { text: job.kind }), ' ', badge(job.state)),
    el('div', { class: 'job-message', title: job.message || '', text: job.message || '' }),
    batchLink ? el('div', { class: 'job-batch' }, batchLink) : null),
  progressCell(job));
}

function render() {
  const body = $('jobs-body');
  const sorted = [...jobs.values()].sort((a, b) => b.job_id - a.job_id).slice(0, limit);
  body.replaceChildren(...sorted.map(jobRow));
  $('jobs-empty').hidden = sorted.length > 0;
  $('jobs-more').hidden = jobs.size < limit;
  const active = [...jobs.values()].filter((j) => !FINAL_STATES.has(j.state)).length;
  $('jobs-active').textContent = active ? `${active} running` : '';
}

let renderQueued = false;
function scheduleRender() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => { renderQueued = false; render(); });
}

/** Records a new state of a job (from a stream, a poll or a POST answer) and updates the page; true if it changed. */
export function update(job) {
  const previous = jobs.get(job.job_id);
  if (previous && FINAL_STATES.has(previous.state) && !FINAL_STATES.has(job.state)) return false; // a stale answer
  if (previous && JSON.stringify(previous) === JSON.stringify(job)) {
    if (!FINAL_STATES.has(job.state)) follow(job.job_id);
    return false;
  }
  jobs.set(job.job_id, job);
  scheduleRender();
  // Update this job's row right away too, so progress is visible even in a background tab.
  const row = document.querySelector(`#jobs-body tr[data-job-id="${job.job_id}"]`);
  if (row) row.replaceWith(jobRow(job));
  (listeners.get(job.job_id) || []).forEach((fn) => fn(job));
  showProgressInTitle();
  if (FINAL_STATES.has(job.state)) {
    stopFollowing(job.job_id);
    if (previous && !FINAL_STATES.has(previous.state)) finishedHandler(job);
  } else {
    follow(job.job_id);
  }
  return true;
}

/** "42% · dos" in the tab's title while jobs run, so progress shows in a background tab too. */
function showProgressInTitle() {
  const running = [...jobs.values()].filter((j) => j.state === 'running' && j.total_bytes > 0);
  const done = running.reduce((s, j) => s + j.done_bytes, 0);
  const total = running.reduce((s, j) => s + j.total_bytes, 0);
  document.title = total > 0 ? `${Math.floor((done * 100) / total)}% · dos` : 'dos dashboard';
}

function stopFollowing(id) {
  const stream = streams.get(id);
  if (stream) { stream.close(); streams.delete(id); }
}

/** Follows a running job over Server-Sent Events (no-op when already followed or at the limit). */
export function follow(id) {
  if (streams.has(id) || streams.size >= MAX_STREAMS) return;
  const stream = new EventSource('/api/jobs/' + id + '/events');
  streams.set(id, stream);
  const onEvent = (event) => {
    try { update(JSON.parse(event.data)); } catch (e) { console.error('bad event', e); }
  };
  stream.addEventListener('progress', onEvent);
  stream.addEventListener('state', (event) => { onEvent(event); stopFollowing(id); });
  stream.addEventListener('error', () => {
    // CONNECTING: the browser retries by itself. CLOSED: it gave up (e.g. 401/404); ask the API.
    if (stream.readyState === EventSource.CLOSED) {
      streams.delete(id);
      setTimeout(() => api('/api/jobs/' + id).then(update).catch(report), 2000);
    }
  });
}

/** Reloads the job list (newest first) and follows the running jobs; re-renders when anything changed. */
export async function loadJobs(force = false) {
  const page = await api('/api/jobs?limit=' + Math.max(limit, 30));
  let changed = force;
  for (const job of page.jobs.slice().reverse()) changed = update(job) || changed;
  if (changed) render();
}

function schedulePoll() {
  clearTimeout(pollTimer);
  const active = [...jobs.values()].some((j) => !FINAL_STATES.has(j.state));
  pollTimer = setTimeout(async () => {
    if (!document.hidden) await loadJobs().catch(() => {});
    schedulePoll();
  }, active ? POLL_ACTIVE_MS : POLL_IDLE_MS);
}

/** Starts a job with a JSON POST (e.g. '/api/jobs/verify'), shows and follows it. */
export async function startJob(path, body) {
  const job = await api(path, { method: 'POST', json: body });
  update(job);
  schedulePoll();
  return job;
}

export function initJobs() {
  $('jobs-more').addEventListener('click', () => { limit += 30; loadJobs(true).catch(report); });
  $('jobs-refresh').addEventListener('click', () => loadJobs(true).catch(report));
  // Relative times ("3 min ago") age: re-render now and then.
  setInterval(scheduleRender, 30000);
  schedulePoll();
}
