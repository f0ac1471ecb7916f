// Shared by every page: token handling, API calls, DOM building. Archived text only ever goes in through textContent.
const TOKEN_KEY = 'archive-token';

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
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
    if (error.status === 401) return `${error.message} — paste a token in the box at the top.`;
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

/** Header: navigation and the token box (kept in sessionStorage, gone when the tab closes). */
export function header(current) {
  const who = el('span', { id: 'who', class: 'who' });
  const input = el('input', { id: 'token-input', type: 'password', placeholder: 'Bearer token (arch_…)', autocomplete: 'off', 'aria-label': 'Bearer token' });
  const form = el('form', { id: 'token-form', class: 'token-form' }, input, el('button', { type: 'submit' }, 'Use token'));
  const forget = el('button', { type: 'button', id: 'token-forget', class: 'link', hidden: !token() }, 'Forget token');
  form.addEventListener('submit', async e => {
    e.preventDefault();
    if (input.value.trim()) sessionStorage.setItem(TOKEN_KEY, input.value.trim());
    input.value = '';
    await refreshWho(who, forget);
    document.dispatchEvent(new CustomEvent('archive-token'));
  });
  forget.addEventListener('click', async () => {
    sessionStorage.removeItem(TOKEN_KEY);
    await refreshWho(who, forget);
    document.dispatchEvent(new CustomEvent('archive-token'));
  });
  const links = [['/', 'Search'], ['/brief.html', 'Brief'], ['/audit.html', 'Audit']].map(([href, label]) =>
    el('a', { href, 'aria-current': label === current ? 'page' : null }, label));
  const bar = el('header', { class: 'top' },
    el('a', { href: '/', class: 'brand' }, 'Archive'),
    el('nav', {}, links),
    el('div', { class: 'session' }, who, forget, form));
  document.body.prepend(bar);
  refreshWho(who, forget);
}

async function refreshWho(who, forget) {
  forget.hidden = !token();
  try {
    const me = await apiJson('/api/whoami');
    who.textContent = me.role === 'anonymous' ? 'Reading without a token' : `${me.name} · ${me.role}`;
    who.className = 'who ok';
  } catch (error) {
    who.textContent = token() ? 'Token not accepted' : 'No token';
    who.className = token() ? 'who bad' : 'who';
  }
}

export function params() {
  return new URLSearchParams(location.search);
}
