import { api, apiJson, clear, el, hasEndpoint, header, params, shortId, showError } from './common.js';

const PAGE = 20;
const $ = id => document.getElementById(id);

header('Search');
const state = { q: params().get('q') || '', sort: params().get('sort') || '', offset: Number(params().get('offset')) || 0, filters: filtersFrom(params()) };
$('q').value = state.q;
$('sort').value = state.sort;

$('search-form').addEventListener('submit', e => {
  e.preventDefault();
  go({ q: $('q').value.trim(), sort: $('sort').value, offset: 0, filters: state.filters });
});
$('upload-form').addEventListener('submit', upload);
document.addEventListener('archive-token', () => run());
window.addEventListener('popstate', () => {
  Object.assign(state, { q: params().get('q') || '', sort: params().get('sort') || '', offset: Number(params().get('offset')) || 0, filters: filtersFrom(params()) });
  $('q').value = state.q;
  run();
});
run();

function filtersFrom(search) {
  const filters = {};
  for (const [key, value] of search) if (!['q', 'sort', 'offset', 'limit'].includes(key)) filters[key] = value;
  return filters;
}

function go(next) {
  Object.assign(state, next);
  const search = new URLSearchParams();
  if (state.q) search.set('q', state.q);
  if (state.sort) search.set('sort', state.sort);
  if (state.offset) search.set('offset', state.offset);
  for (const [k, v] of Object.entries(state.filters)) search.set(k, v);
  history.pushState(null, '', search.toString() ? `/?${search}` : '/');
  run();
}

async function run() {
  const searchable = await hasEndpoint('/api/search');
  $('search-note').hidden = searchable;
  $('search-form').querySelector('button').disabled = !searchable;
  if (!searchable) {
    $('search-note').textContent = 'Full-text search is not part of this build; listing documents in ingest order.';
    return listDocuments();
  }
  if (!state.q && Object.keys(state.filters).length === 0) return listDocuments();
  try {
    const query = new URLSearchParams({ q: state.q || '*', limit: PAGE, offset: state.offset });
    if (state.sort) query.set('sort', state.sort);
    for (const [k, v] of Object.entries(state.filters)) query.set(k, v);
    renderResults(await apiJson(`/api/search?${query}`));
  } catch (error) {
    clear($('hits'));
    clear($('facets'));
    clear($('pager'));
    showError($('summary'), error);
  }
}

async function listDocuments() {
  clear($('facets'));
  try {
    const page = await apiJson(`/api/documents?limit=${PAGE}&offset=${state.offset}`);
    $('summary').textContent = `${page.total} documents`;
    clear($('hits')).append(...page.items.map(d => el('li', { class: 'hit' },
      el('a', { class: 'hit-title', href: `/document.html?id=${encodeURIComponent(d.id)}`, dir: 'auto' }, d.title || d.original_name),
      el('p', { class: 'hit-meta' }, [d.publisher, d.published, d.source_type, d.language, shortId(d.id)].filter(Boolean).join(' · ')))));
    pager(page.total);
  } catch (error) {
    clear($('hits'));
    clear($('pager'));
    showError($('summary'), error);
  }
}

/** Renders the /api/search answer (the shape of `archive search --json`). */
function renderResults(result) {
  const hits = result.hits || [];
  $('summary').textContent = `${result.total ?? hits.length} hits${result.elapsed_ms !== undefined ? ` in ${result.elapsed_ms} ms` : ''}`;
  clear($('hits')).append(...hits.map(hitItem));
  renderFacets(result.facets || {});
  pager(result.total ?? hits.length);
}

function hitItem(hit) {
  const id = hit.id || hit.capture_id;
  const passages = hit.passages || [];
  const first = passages[0];
  const link = `/document.html?id=${encodeURIComponent(id)}${first ? `&start=${first.start}&end=${first.end}` : ''}`;
  return el('li', { class: 'hit' },
    el('a', { class: 'hit-title', href: link, dir: 'auto' }, hit.title || hit.slug || shortId(id)),
    el('p', { class: 'hit-meta' }, [hit.publisher, hit.published, hit.source_type, hit.language, shortId(id)].filter(Boolean).join(' · ')),
    passages.map(p => el('blockquote', { class: 'passage', dir: 'auto' }, highlighted(p),
      ' ', el('a', { class: 'passage-link', href: `/document.html?id=${encodeURIComponent(id)}&start=${p.start}&end=${p.end}` }, 'in context'))),
    el('div', { class: 'chips' }, (hit.why || hit.matches || []).map(chip)));
}

/** A passage with its matched spans in <mark>, built from offsets (code points into the passage text). */
function highlighted(passage) {
  const chars = Array.from(passage.text || '');
  const spans = (passage.highlights || []).slice().sort((a, b) => a.start - b.start);
  const parts = [];
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue;
    parts.push(chars.slice(at, span.start).join(''), el('mark', {}, chars.slice(span.start, span.end).join('')));
    at = span.end;
  }
  parts.push(chars.slice(at).join(''));
  return el('span', {}, parts);
}

function chip(reason) {
  if (typeof reason === 'string') return el('span', { class: 'chip' }, reason);
  const kind = reason.kind || reason.type || 'match';
  const label = [kind, reason.term && `“${reason.term}”`, reason.via && `via “${reason.via}”`].filter(Boolean).join(' ');
  return el('span', { class: `chip chip-${kind}`, title: reason.detail || '' }, label);
}

function renderFacets(facets) {
  const box = clear($('facets'));
  for (const [field, values] of Object.entries(facets)) {
    if (!values || values.length === 0) continue;
    box.append(el('h3', {}, field.replaceAll('_', ' ')), el('ul', {}, values.map(v => {
      const active = state.filters[field] === String(v.value);
      return el('li', {}, el('button', {
        type: 'button', class: `facet${active ? ' active' : ''}`, 'aria-pressed': active ? 'true' : 'false',
        onclick: () => {
          const filters = { ...state.filters };
          if (active) delete filters[field]; else filters[field] = String(v.value);
          go({ filters, offset: 0 });
        },
      }, el('span', { dir: 'auto' }, String(v.value)), el('span', { class: 'count' }, String(v.count))));
    })));
  }
}

function pager(total) {
  const nav = clear($('pager'));
  if (total <= PAGE) return;
  const page = Math.floor(state.offset / PAGE) + 1;
  const pages = Math.ceil(total / PAGE);
  nav.append(
    el('button', { type: 'button', disabled: page <= 1, onclick: () => go({ offset: state.offset - PAGE }) }, '← Previous'),
    el('span', {}, `Page ${page} of ${pages}`),
    el('button', { type: 'button', disabled: page >= pages, onclick: () => go({ offset: state.offset + PAGE }) }, 'Next →'));
}

async function upload(e) {
  e.preventDefault();
  const form = new FormData(e.target);
  for (const [key, value] of [...form.entries()]) if (value === '') form.delete(key);
  const status = clear($('upload-status'));
  status.append(el('p', { class: 'note' }, 'Uploading…'));
  try {
    const result = await (await api('/api/documents', { method: 'POST', body: form })).json();
    clear(status).append(el('p', { class: 'ok' }, `${result.status}: `,
      el('a', { href: `/document.html?id=${encodeURIComponent(result.capture_id)}`, dir: 'auto' }, result.title || result.file_name)));
    e.target.reset();
    run();
  } catch (error) {
    showError(status, error);
  }
}
