// dos dashboard entry point: login (token -> session cookie), routing, the overview, wiring.
//
// Auth: `dos web` prints http://127.0.0.1:PORT/#token=<token>. The fragment never reaches the
// server; the page reads it, removes it from the address bar and history at once, and exchanges it
// for the HttpOnly session cookie (POST /api/session with the token as bearer). The token itself is
// never stored. Without a valid cookie the API answers 401 and the login form is shown.
import { ApiError, api, clearBanner, closeSession, onConnection, onUnauthorized, openSession, report } from './api.js';
import { currentBatchId, initBatches, loadBatches, onStoreChanged, showBatch, showList } from './batches.js';
import { StoredChart } from './chart.js';
import { initJobs, loadJobs, onJobFinished, startJob } from './jobs.js';
import { initTransferSettings } from './settings.js';
import { initUpload } from './upload.js';
import { $, ago, bytes, count, el, plural } from './util.js';

let chart;
let started = false;

// ---- overview -------------------------------------------------------------------------------

function card(key, label, value, sub, warn) {
  return el('div', { class: 'stat' + (warn ? ' warn' : ''), dataset: { stat: key } },
    el('div', { class: 'stat-label', text: label }),
    el('div', { class: 'stat-value', text: value }),
    sub ? el('div', { class: 'stat-sub', text: sub }) : null);
}

async function loadStats() {
  const s = await api('/api/stats');
  $('stats').replaceChildren(
    card('batches', 'Batches', count(s.batches), plural(s.files, 'entry', 'entries')),
    card('stored_bytes', 'Stored on Discord', bytes(s.stored_bytes), plural(s.chunks, 'chunk')),
    card('original_bytes', 'Original size', bytes(s.original_bytes),
      s.compression_ratio ? `ratio ${Number(s.compression_ratio).toFixed(2)}×` : ''),
    card('incomplete_uploads', 'Incomplete uploads', count(s.incomplete_uploads),
      s.incomplete_uploads ? 'resume them from the batch view' : 'none', s.incomplete_uploads > 0),
    card('damaged_batches', 'Damaged batches', count(s.damaged_batches),
      s.damaged_batches ? 'found by verify' : 'none found', s.damaged_batches > 0),
    card('last_verify', 'Last verify', ago(s.last_verify), 'index backup: ' + ago(s.last_backup)));
}

async function loadHistory() {
  try {
    const history = await api('/api/stats/history');
    chart.set(history.points || []);
    $('chart-note').textContent = '';
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      chart.set([]);
      $('chart-note').textContent = 'history not available from this server';
      return;
    }
    throw error;
  }
}

/** Reloads everything that depends on the store's contents. */
async function refreshStore() {
  const tasks = [loadStats(), loadHistory(), loadBatches()];
  const id = currentBatchId();
  if (id) tasks.push(showBatch(id));
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) report(failed.reason);
}

// ---- routing and login ----------------------------------------------------------------------

function tokenFromHash() {
  const match = /^#(?:.*&)?token=([^&]*)/.exec(location.hash);
  if (!match) return null;
  // Remove the token from the address bar and the history entry before anything else happens.
  history.replaceState(null, '', location.pathname + location.search);
  try { return decodeURIComponent(match[1]); } catch { return match[1]; }
}

function route() {
  const match = /^#\/batches\/([0-9a-zA-Z_-]+)$/.exec(location.hash);
  if (match) showBatch(match[1]);
  else showList();
}

function showLogin(message) {
  $('dashboard').hidden = true;
  $('login-view').hidden = false;
  $('logout').hidden = true;
  $('login-error').textContent = message || '';
  $('login-error').hidden = !message;
  setStatus('signed out', 'off');
  $('token').focus();
}

function setStatus(text, cls) {
  const status = $('status');
  status.textContent = text;
  status.className = 'status status-' + cls;
}

async function showDashboard() {
  $('login-view').hidden = true;
  $('dashboard').hidden = false;
  $('logout').hidden = false;
  setStatus('connected', 'on');
  if (!started) {
    started = true;
    initBatches();
    initUpload();
    initTransferSettings();
    initJobs();
  }
  route();
  await Promise.allSettled([refreshStore(), loadJobs(true).catch(report)]);
}

async function login(token) {
  try {
    await openSession(token);
  } catch (error) {
    showLogin(error.status === 401 ? 'That token was not accepted.' : error.message);
    return;
  }
  clearBanner();
  await showDashboard();
}

async function boot() {
  chart = new StoredChart($('chart'));
  onUnauthorized(() => {
    if ($('login-view').hidden) showLogin(started ? 'Your session ended: paste the access token printed by "dos web".' : '');
  });
  onConnection((ok) => setStatus(ok ? 'connected' : 'server unreachable', ok ? 'on' : 'off'));
  onJobFinished(() => refreshStore());
  onStoreChanged(() => refreshStore());

  $('login').addEventListener('submit', (e) => {
    e.preventDefault();
    const token = $('token').value.trim();
    $('token').value = '';
    if (token) login(token);
  });
  $('logout').addEventListener('click', async () => {
    await closeSession();
    showLogin('Signed out.');
  });
  $('banner-close').addEventListener('click', clearBanner);
  $('sync-button').addEventListener('click', () => startJob('/api/jobs/sync', { reset: false }).catch(report));
  $('backup-button').addEventListener('click', () => startJob('/api/jobs/backup', { to_discord: false }).catch(report));
  $('refresh-button').addEventListener('click', () => refreshStore());
  window.addEventListener('hashchange', () => {
    const token = tokenFromHash();
    if (token) login(token);
    else if (started) route();
  });
  document.addEventListener('visibilitychange', () => { if (!document.hidden && started && !$('dashboard').hidden) refreshStore(); });

  const token = tokenFromHash();
  if (token) { await login(token); return; }
  try {
    await api('/api/stats');
  } catch (error) {
    if (error.status === 401) return; // onUnauthorized showed the login form
    report(error);
  }
  await showDashboard();
}

boot();
