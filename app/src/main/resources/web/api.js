// API access. The access token is only ever used once, to open a session: POST /api/session with
// "Authorization: Bearer <token>" makes the server set the HttpOnly cookie dos_session (Path=/api),
// which then authenticates fetches, EventSource streams and plain download links. The page never
// stores the token.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let unauthorizedHandler = () => {};
let connectionHandler = () => {};

/** Called with the error whenever the API answers 401 (the session is gone: show the login form). */
export function onUnauthorized(fn) { unauthorizedHandler = fn; }

/** Called with true/false as requests reach the server or fail to. */
export function onConnection(fn) { connectionHandler = fn; }

async function errorOf(response) {
  let body = null;
  try { body = await response.json(); } catch { /* not JSON */ }
  const code = body && body.code ? body.code : 'http_' + response.status;
  const message = body && body.message ? body.message : `${response.status} ${response.statusText || 'error'}`.trim();
  return new ApiError(response.status, code, message);
}

async function send(path, init) {
  let response;
  try {
    response = await fetch(path, { credentials: 'same-origin', cache: 'no-store', ...init });
  } catch (e) {
    connectionHandler(false);
    throw new ApiError(0, 'network', 'cannot reach the dos server (' + e.message + ')');
  }
  connectionHandler(true);
  if (!response.ok) {
    const error = await errorOf(response);
    if (response.status === 401) unauthorizedHandler(error);
    throw error;
  }
  return response;
}

/** GET (or any method) returning the parsed JSON body, or null for 204. Throws ApiError. */
export async function api(path, { method = 'GET', json } = {}) {
  const init = { method, headers: {} };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers['Content-Type'] = 'application/json';
  }
  const response = await send(path, init);
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** Exchanges the access token for the session cookie. */
export async function openSession(token) {
  let response;
  try {
    response = await fetch('/api/session', {
      method: 'POST', credentials: 'same-origin', cache: 'no-store',
      headers: { Authorization: 'Bearer ' + token },
    });
  } catch (e) {
    throw new ApiError(0, 'network', 'cannot reach the dos server (' + e.message + ')');
  }
  if (!response.ok) throw await errorOf(response);
}

export async function closeSession() {
  await fetch('/api/session', { method: 'DELETE', credentials: 'same-origin' }).catch(() => {});
}

/** Parses the JSON error body of an XMLHttpRequest. */
export function xhrError(xhr) {
  let body = null;
  try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
  const error = new ApiError(xhr.status, body && body.code ? body.code : 'http_' + xhr.status,
    body && body.message ? body.message : `${xhr.status} ${xhr.statusText || 'error'}`);
  if (xhr.status === 401) unauthorizedHandler(error);
  return error;
}

export const batchFileUrl = (batchId, path) =>
  '/api/batches/' + encodeURIComponent(batchId) + '/files?path=' + encodeURIComponent(path);
export const batchArchiveUrl = (batchId) => '/api/batches/' + encodeURIComponent(batchId) + '/archive';

// ---- the one-line banner -------------------------------------------------------------------

let bannerTimer;

/** Shows a one-line message (the API's message for errors). kind: 'error' or 'info'. */
export function banner(message, kind = 'error') {
  const box = document.getElementById('banner');
  const text = document.getElementById('banner-text');
  text.textContent = message;
  text.title = message;
  box.className = 'banner banner-' + kind;
  box.hidden = false;
  clearTimeout(bannerTimer);
  if (kind === 'info') bannerTimer = setTimeout(() => { box.hidden = true; }, 6000);
}

export function clearBanner() {
  document.getElementById('banner').hidden = true;
}

/** Shows an error in the banner (401s are handled by the login form instead). */
export function report(error) {
  if (error instanceof ApiError && error.status === 401) return;
  console.error(error);
  banner(error && error.message ? error.message : String(error));
}
