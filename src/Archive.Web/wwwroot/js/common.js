// Shared by every page: token handling, API calls, DOM building. Archived text only ever goes in through textContent.
//
// Signed-in state across tabs. The token lives in this tab's sessionStorage and is sent only as an Authorization
// header, never in a URL or a cookie. A tab opened with Ctrl-click starts with empty sessionStorage, so it asks the
// other open tabs of this origin over a BroadcastChannel and takes the token one of them answers with. The channel
// reaches only same-origin documents of this browser profile; no other site can listen or answer. Because the
// browser never attaches the token by itself (no cookie, no HTTP auth), a cross-site form or link carries no
// credential: there is no CSRF. "Forget token" is broadcast, so signing out in one tab signs out every tab; when the
// last tab closes the token is gone. See docs/web-session.md for the threat model.
const TOKEN_KEY = 'archive-token';
const CHANNEL = 'archive-session';
const HANDOFF_MS = 400;
const channel = 'BroadcastChannel' in window ? new BroadcastChannel(CHANNEL) : null;
let me = null;
let settled = false;

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

function setToken(value, broadcast) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value); else sessionStorage.removeItem(TOKEN_KEY);
  me = null;
  if (broadcast && channel) channel.postMessage(value ? { type: 'token', token: value } : { type: 'forget' });
}

let handoffDone;
const handoff = new Promise(resolve => {
  handoffDone = value => {
    settled = true;
    resolve(value);
  };
});
if (channel) {
  channel.addEventListener('message', event => {
    const message = event.data || {};
    if (message.type === 'ask' && token()) channel.postMessage({ type: 'token', token: token() });
    else if (message.type === 'token' && typeof message.token === 'string' && !token()) {
      setToken(message.token, false);
      // During the start-up wait the page has not asked the API yet; later (this tab was signed out) it reloads.
      if (settled) document.dispatchEvent(new CustomEvent('archive-session'));
      else handoffDone(true);
    } else if (message.type === 'forget' && token()) {
      setToken('', false);
      document.dispatchEvent(new CustomEvent('archive-session'));
    }
  });
}
if (token() || !channel) handoffDone(false);
else {
  channel.postMessage({ type: 'ask' });
  setTimeout(() => handoffDone(false), HANDOFF_MS);
}

/** Resolves once this tab has its token: its own, one handed over by another tab, or none after a short wait. */
export function ready() {
  return handoff;
}

/** An error carrying the ProblemDetails the API returned. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

/** fetch() with the bearer token; throws ApiError with the ProblemDetails on a non-2xx answer. */
export async function api(path, options = {}) {
  await handoff;
  const headers = new Headers(options.headers || {});
  if (token()) headers.set('Authorization', `Bearer ${token()}`);
  const response = await fetch(path, { ...options, headers });
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { /* not JSON */ }
    throw new ApiError(response.status, problem);
  }
  return response;
}

export async function apiJson(path, options) {
  return (await api(path, options)).json();
}

/** Builds an element: el('a', {href: '/'}, 'text', child). Strings become text nodes, never HTML. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
  return node;
}

/** Shows an error (or a ProblemDetails) in a status element. */
export function showError(target, error) {
  clear(target).append(el('p', { class: 'error', role: 'alert' }, describe(error)));
}

export function describe(error) {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'Signed out: paste a bearer token in the box at the top (tabs opened from a signed-in tab share its token).';
    return `${error.problem.title || 'Error'} (${error.status}): ${error.message}`;
  }
  return String(error && error.message ? error.message : error);
}

/**
 * Triggers a download of a fetched response (the bearer token cannot ride on a plain link), saved under `name` made
 * safe by safeFileName. The name always comes from the caller (the document's original_name, the pack id), never
 * from Content-Disposition: a stored name may itself quote `filename*=`, and reading the header with a regex saved
 * the file under whatever name it smuggled in.
 */
export async function download(response, name) {
  const url = URL.createObjectURL(await response.blob());
  const link = el('a', { href: url, download: safeFileName(name), hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/**
 * The last path segment of `name` with control and bidi-override characters and any of : * ? " < > | ; = % ' `
 * replaced by _ (so "report\u202Etxt.exe" cannot pose as a .txt), and no leading or trailing dots or spaces.
 */
export function safeFileName(name) {
  const base = String(name ?? '').split(/[\\/]/).pop();
  const safe = base.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069:*?"<>|;=%'`]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '');
  return safe || 'download';
}

/** True when the server maps this route (the search and brief APIs are optional in a build). */
let openApi;
export async function hasEndpoint(path) {
  openApi ??= fetch('/openapi/v1.json').then(r => (r.ok ? r.json() : { paths: {} })).catch(() => ({ paths: {} }));
  return Object.hasOwn((await openApi).paths || {}, path);
}

export function shortId(id) {
  return id.startsWith('sha256:') ? id.slice(7, 19) : id;
}

/** Header: navigation and the token box (kept in sessionStorage and shared with this origin's other open tabs). */
export function header(current) {
  const who = el('span', { id: 'who', class: 'who' });
  const input = el('input', { id: 'token-input', type: 'password', placeholder: 'Bearer token (arch_…)', autocomplete: 'off', 'aria-label': 'Bearer token' });
  const form = el('form', { id: 'token-form', class: 'token-form' }, input, el('button', { type: 'submit' }, 'Use token'));
  const forget = el('button', { type: 'button', id: 'token-forget', class: 'link', hidden: !token() }, 'Forget token');
  const changed = async () => {
    await refreshWho(who, forget);
    document.dispatchEvent(new CustomEvent('archive-token'));
  };
  form.addEventListener('submit', async e => {
    e.preventDefault();
    if (input.value.trim()) setToken(input.value.trim(), true);
    input.value = '';
    await changed();
  });
  forget.addEventListener('click', async () => {
    setToken('', true);
    await changed();
  });
  document.addEventListener('archive-session', changed);
  const links = [['/', 'Search', null], ['/brief.html', 'Brief', 'brief'], ['/packs.html', 'Packs', null], ['/audit.html', 'Audit', 'audit']].map(([href, label, needs]) =>
    el('a', { href, 'aria-current': label === current ? 'page' : null, 'data-needs': needs, hidden: Boolean(needs) }, label));
  const bar = el('header', { class: 'top' },
    el('a', { href: '/', class: 'brand' }, 'Archive'),
    el('nav', {}, links),
    el('div', { class: 'session' }, who, forget, form));
  document.body.prepend(bar);
  refreshWho(who, forget);
}

/** GET /api/whoami for the current token (cached until the token changes); null when no token is accepted. */
export async function whoami() {
  if (me) return me;
  try {
    me = await apiJson('/api/whoami');
  } catch {
    me = null;
  }
  return me;
}

/**
 * Role-aware UI: every element with data-needs="brief|ingest|audit" is shown only when the token's role may do that,
 * so a reader is not offered an upload the server would refuse.
 */
export function applyRole(session) {
  const can = new Set(session ? session.can : []);
  for (const node of document.querySelectorAll('[data-needs]')) node.hidden = !can.has(node.dataset.needs);
  document.body.dataset.role = session ? session.role : 'none';
}

let roleShown;
const firstRole = new Promise(resolve => { roleShown = resolve; });

/**
 * Resolves once the header has shown or hidden the page's role-dependent parts ([data-needs]) for the first time.
 * A page renders results after it, so they do not jump down when a panel above them appears (a click aimed at a hit
 * would land on something else).
 */
export function roleApplied() {
  return firstRole;
}

async function refreshWho(who, forget) {
  await handoff;
  forget.hidden = !token();
  const session = await whoami();
  applyRole(session);
  roleShown();
  if (session) {
    who.textContent = session.role === 'anonymous' ? 'Reading without a token' : `${session.name} · ${session.role}`;
    who.className = 'who ok';
  } else {
    who.textContent = token() ? 'Token not accepted' : 'No token';
    who.className = token() ? 'who bad' : 'who';
  }
  document.dispatchEvent(new CustomEvent('archive-role', { detail: session }));
}

export function params() {
  return new URLSearchParams(location.search);
}
