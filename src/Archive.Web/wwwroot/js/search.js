import { api, apiJson, clear, describe, download, el, header, params, roleApplied, shortId, showError } from './common.js';

const PAGE = 10;
const FILTERS = ['publisher', 'type', 'lang', 'tag', 'from', 'to', 'unknown'];
// Filters that take several values: a document matching any of the publishers, types or languages ticked (tags: all
// of them); unknown= names the facets whose "unknown" bucket (no value) is ticked.
const MULTI = new Set(['publisher', 'type', 'lang', 'tag', 'unknown']);
// Facet name in the response → the filter parameter it sets (a year sets from= and to=).
const FACETS = { publisher: 'publisher', type: 'type', language: 'lang', year: 'year' };
// Facet name in the response → its name in unknown= (the year facet's unknown bucket: no published date).
const UNKNOWN = { publisher: 'publisher', type: 'type', language: 'lang', year: 'published' };
const $ = id => document.getElementById(id);
// Each run() takes a number; an answer that arrives after a newer run started is dropped, so a slow document list
// requested on page load never overwrites the hits of the query typed meanwhile.
let runs = 0;

header('Search');
const state = fromUrl();
show();

$('search-form').addEventListener('submit', e => {
  e.preventDefault();
  go({ q: $('q').value.trim(), sort: $('sort').value, mode: $('mode').value, aliases: $('aliases').checked, offset: 0 });
});
$('upload-form').addEventListener('submit', upload);
$('export-csv').addEventListener('click', exportCsv);
document.addEventListener('archive-token', () => run());
window.addEventListener('popstate', () => {
  Object.assign(state, fromUrl());
  show();
  run();
});
run();

function fromUrl() {
  const search = params();
  const filters = {};
  for (const key of FILTERS) {
    if (MULTI.has(key)) {
      const values = search.getAll(key).filter(Boolean);
      if (values.length) filters[key] = values;
    } else if (search.get(key)) filters[key] = search.get(key);
  }
  return {
    q: search.get('q') || '',
    sort: search.get('sort') === 'published' ? 'published' : 'relevance',
    mode: ['lexical', 'semantic'].includes(search.get('mode')) ? search.get('mode') : 'hybrid',
    aliases: search.get('aliases') !== 'false',
    offset: Math.max(0, Number.parseInt(search.get('offset'), 10) || 0),
    filters,
  };
}

/** The state as query parameters: the page's own URL and, with paging, the API call. */
function toParams(s) {
  const search = new URLSearchParams();
  if (s.q) search.set('q', s.q);
  if (s.sort !== 'relevance') search.set('sort', s.sort);
  if (s.mode && s.mode !== 'hybrid') search.set('mode', s.mode);
  if (!s.aliases) search.set('aliases', 'false');
  for (const [k, v] of Object.entries(s.filters)) for (const one of [v].flat()) search.append(k, one);
  if (s.offset) search.set('offset', s.offset);
  return search;
}

function show() {
  $('q').value = state.q;
  $('sort').value = state.sort;
  $('mode').value = state.mode;
  $('aliases').checked = state.aliases;
}

function go(next) {
  Object.assign(state, next);
  const search = toParams(state).toString();
  history.pushState(null, '', search ? `/?${search}` : '/');
  show();
  run();
}

function searching() {
  return Boolean(state.q) || Object.keys(state.filters).length > 0;
}

async function run() {
  const mine = ++runs;
  renderFilters();
  clear($('query-error')).hidden = true;
  clear($('notes'));
  $('export-csv').hidden = true;
  $('export-status').textContent = '';
  if (!searching()) return listDocuments(mine);
  $('summary').textContent = 'Searching…';
  try {
    const query = toParams(state);
    query.set('limit', PAGE);
    const result = await apiJson(`/api/search?${query}`);
    await unfilteredFacets(result);
    await roleApplied();
    if (mine !== runs) return;
    renderResults(result);
  } catch (error) {
    if (mine !== runs) return;
    for (const id of ['hits', 'facets', 'pager', 'summary']) clear($(id));
    if (error.problem && Number.isInteger(error.problem.column)) showSyntaxError(error.problem);
    else showError($('summary'), error);
  }
}

async function listDocuments(mine) {
  clear($('facets'));
  try {
    const page = await apiJson(`/api/documents?limit=${PAGE}&offset=${state.offset}&order=newest`);
    await roleApplied();
    if (mine !== runs) return;
    $('summary').textContent = `${page.total} documents, the most recently added first. Type a query to search them.`;
    clear($('hits')).append(...page.items.map(d => el('li', { class: d.withdrawn ? 'hit hit-withdrawn' : 'hit' },
      d.withdrawn ? el('span', { class: 'chip chip-withdrawn', title: 'Withdrawn: searches leave it out; the document page says when, by whom and why' }, 'withdrawn') : null,
      el('a', { class: 'hit-title', href: documentUrl(d.id), dir: 'auto' }, d.title || d.original_name),
      el('p', { class: 'hit-meta' }, [d.publisher, d.published, d.source_type, d.language, `added ${d.ingested_at.slice(0, 10)}`, shortId(d.id)].filter(Boolean).join(' · ')))));
    pager(page.total);
  } catch (error) {
    if (mine !== runs) return;
    clear($('hits'));
    clear($('pager'));
    showError($('summary'), error);
  }
}

/**
 * A multi-select facet (publisher, type, language) counts as if its own values were not ticked (the other filters still apply), so the values
 * not yet ticked stay on offer with their counts: one extra hits-free search per ticked type or language facet.
 */
async function unfilteredFacets(result) {
  for (const facet of ['publisher', 'type', 'language']) {
    const key = FACETS[facet];
    const unknown = (state.filters.unknown || []).filter(u => u !== UNKNOWN[facet]);
    if (!state.filters[key] && unknown.length === (state.filters.unknown || []).length) continue;
    const filters = { ...state.filters };
    delete filters[key];
    if (unknown.length) filters.unknown = unknown; else delete filters.unknown;
    const query = toParams({ ...state, filters, offset: 0 });
    query.set('limit', 0);
    query.set('passages', 0);
    const other = await apiJson(`/api/search?${query}`);
    if (!other.facets) continue;
    result.facets[facet] = other.facets[facet] || result.facets[facet];
    result.facets.unknown = { ...result.facets.unknown, [facet]: other.facets.unknown[facet] };
  }
}

/** The query as typed with the offending character marked, and a caret under it (columns count code points). */
function showSyntaxError(problem) {
  const chars = Array.from(state.q);
  const at = Math.min(Math.max(problem.column - 1, 0), chars.length);
  const box = clear($('query-error'));
  box.hidden = false;
  box.append(
    el('p', { class: 'error' }, `Query syntax error at column ${problem.column}: ${problem.message}`),
    el('pre', { class: 'query-echo', dir: 'ltr' },
      el('span', { class: 'before' }, chars.slice(0, at).join('')),
      el('mark', { class: 'error-at', title: `column ${problem.column}` }, chars[at] ?? ' '),
      chars.slice(at + 1).join('')),
    problem.expected ? el('p', { class: 'note' }, `Expected ${problem.expected}.`) : null);
}

/** Renders the /api/search answer: the shape of `archive search --json`. */
function renderResults(result) {
  const first = result.total === 0 ? 0 : result.offset + 1;
  const last = result.offset + result.hits.length;
  const ranked = { hybrid: ', words + meaning', semantic: ', meaning only' }[result.mode] || '';
  const took = `(${Math.round(result.took_ms)} ms${ranked})`;
  $('summary').textContent = result.total === 0 ? `No hits for ${result.parsed} ${took}`
    : result.total === 1 ? `1 hit for ${result.parsed} ${took}`
      : `${first}–${last} of ${result.total} hits for ${result.parsed} ${took}`;
  clear($('notes')).append(...(result.notes || []).map(n => el('li', { class: 'note' }, n)));
  clear($('hits')).append(...result.hits.map(hitItem));
  renderFacets(result.facets);
  pager(result.total);
  $('export-csv').hidden = result.total === 0;
}

/**
 * Downloads every hit of the current search (not just this page) as /api/search.csv: fetched with the bearer token,
 * then saved from the blob. The server stops at its cap and says so in X-Exported and X-Total-Hits.
 */
async function exportCsv() {
  const button = $('export-csv');
  const status = $('export-status');
  const query = toParams({ ...state, offset: 0 });
  button.disabled = true;
  status.textContent = 'Exporting…';
  try {
    const response = await api(`/api/search.csv?${query}`);
    const exported = Number(response.headers.get('X-Exported'));
    const total = Number(response.headers.get('X-Total-Hits'));
    await download(response, 'search.csv');
    status.textContent = exported < total ? `Exported the first ${exported} of ${total} hits (the export's limit).` : `Exported ${exported} hits.`;
  } catch (error) {
    status.textContent = describe(error);
  } finally {
    button.disabled = false;
  }
}

/** The document page at a passage; from a search, with the query, which the page marks in the whole text. */
function documentUrl(id, passage, query) {
  const at = passage ? `&start=${passage.start}&end=${passage.end}` : '';
  return `/document.html?id=${encodeURIComponent(id)}${at}${query ? `&q=${encodeURIComponent(query)}` : ''}`;
}

function hitItem(hit) {
  return el('li', { class: 'hit' },
    el('a', { class: 'hit-title', href: documentUrl(hit.id, hit.passages[0], state.q), dir: 'auto' }, hit.title || hit.slug),
    el('p', { class: 'hit-meta' },
      [hit.publisher, hit.published, hit.source_type, hit.language].filter(Boolean).join(' · '),
      el('span', { class: 'mono ids' }, `${hit.short_id} · ${hit.slug}`)),
    el('div', { class: 'chips' }, hit.why.map(chip)),
    hit.passages.map(p => {
      const citation = byCapture(p.citation, hit.short_id);
      return el('div', { class: 'passage-row' },
        el('a', { class: 'passage', href: documentUrl(hit.id, p, state.q), dir: 'auto', title: 'Read in context' }, highlighted(p)),
        el('button', { type: 'button', class: 'link cite', title: citation, 'data-citation': citation, onclick: e => copyCitation(e.currentTarget, citation) }, 'Copy citation'));
    }));
}

/**
 * The hit's citation naming its capture (12-hex short id), as the document page cites: a slug names the source's
 * newest version, which a later capture would change. The quote and its #N were counted in this capture's text.
 */
export function byCapture(citation, shortId) {
  return citation.replace(/^\[@[^\s"]+/, `[@${shortId}`);
}

/** A passage with each match in <mark>; match offsets count code points in the whole text, so subtract the passage start. */
function highlighted(passage) {
  const chars = Array.from(passage.text);
  const matches = passage.matches.slice().sort((a, b) => a.start - b.start || b.end - a.end);
  const parts = [];
  let at = 0;
  for (const m of matches) {
    const start = m.start - passage.start;
    const end = Math.min(m.end - passage.start, chars.length);
    if (start < at || end <= start) continue;
    parts.push(chars.slice(at, start).join(''));
    parts.push(el('mark', { class: `match match-${m.reason}`, title: [m.reason, m.query, m.via && `via ${m.via}`].filter(Boolean).join(' · ') }, chars.slice(start, end).join('')));
    at = end;
  }
  parts.push(chars.slice(at).join(''));
  return parts;
}

/** "alias: daesh → ISIL" becomes a chip coloured by its reason. */
function chip(why) {
  const reason = /^([a-z-]+):/.exec(why)?.[1] || 'term';
  return el('span', { class: `chip chip-${reason}`, dir: 'auto' }, why);
}

async function copyCitation(button, citation) {
  try {
    await navigator.clipboard.writeText(citation);
    button.textContent = 'Copied';
  } catch {
    button.textContent = citation;
  }
}

function isActive(facet, value) {
  if (value === null) return (state.filters.unknown || []).includes(UNKNOWN[facet]);
  if (facet === 'year') return state.filters.from === value && state.filters.to === value;
  const current = state.filters[FACETS[facet]];
  return Array.isArray(current) ? current.includes(value) : current === value;
}

/**
 * Ticks or unticks a facet value: publisher, type and language values add up (any of them); a year replaces. The
 * value null is the facet's unknown bucket, which adds to any facet's values (or the year's range).
 */
function toggle(facet, value) {
  const filters = { ...state.filters };
  const active = isActive(facet, value);
  const key = value === null ? 'unknown' : FACETS[facet];
  if (value === null) value = UNKNOWN[facet];
  if (facet === 'year' && key !== 'unknown') {
    for (const k of ['from', 'to']) if (active) delete filters[k]; else filters[k] = value;
  } else if (MULTI.has(key)) {
    const values = (filters[key] || []).filter(v => v !== value);
    if (!active) values.push(value);
    if (values.length) filters[key] = values; else delete filters[key];
  } else if (active) delete filters[key];
  else filters[key] = value;
  go({ filters, offset: 0 });
}

const FACET_SHOWN = 8;

/** Facet values with counts (the first few, "more" shows the rest the server sent), then the date range. */
function renderFacets(facets) {
  const box = clear($('facets'));
  for (const facet of Object.keys(FACETS)) {
    // The facet's values, then its unknown bucket (hits with no value), kept while ticked even at a count of 0.
    const unknown = (facets.unknown && facets.unknown[facet]) || 0;
    const values = [...(facets[facet] || [])];
    if (unknown > 0 || isActive(facet, null)) values.push({ value: null, count: unknown });
    if (values.length === 0) continue;
    const list = el('ul', {}, values.map((v, i) => {
      const active = isActive(facet, v.value);
      return el('li', { hidden: i >= FACET_SHOWN && !active && v.value !== null }, el('button', {
        type: 'button', class: `facet${active ? ' active' : ''}${v.value === null ? ' facet-unknown' : ''}`, 'aria-pressed': active ? 'true' : 'false',
        'data-facet': facet, 'data-multi': facet === 'year' && v.value !== null ? null : '', onclick: () => toggle(facet, v.value),
        title: v.value === null ? `Hits with no ${facet === 'year' ? 'published date' : facet}` : null,
      }, el('span', { dir: 'auto' }, v.value === null ? 'unknown' : v.value), el('span', { class: 'count' }, String(v.count))));
    }));
    box.append(el('h3', {}, facet), list);
    const folded = list.querySelectorAll('li[hidden]').length;
    if (folded > 0) {
      box.append(el('button', {
        type: 'button', class: 'link facet-more', 'data-facet': facet,
        onclick: e => {
          for (const item of list.children) item.hidden = false;
          e.currentTarget.remove();
        },
      }, `${folded} more`));
    }
  }
  box.append(dateRange());
}

/** Published between two dates (YYYY, YYYY-MM or YYYY-MM-DD; either end may be open): the from= and to= filters. */
function dateRange() {
  const from = el('input', { id: 'range-from', name: 'from', placeholder: 'YYYY-MM-DD', value: state.filters.from || '', 'aria-label': 'Published from', size: 10 });
  const to = el('input', { id: 'range-to', name: 'to', placeholder: 'YYYY-MM-DD', value: state.filters.to || '', 'aria-label': 'Published to', size: 10 });
  const form = el('form', { id: 'date-range', class: 'date-range' },
    el('h3', {}, 'published'),
    el('div', { class: 'range-row' }, from, el('span', {}, '–'), to),
    el('button', { type: 'submit' }, 'Apply'));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const filters = { ...state.filters };
    for (const [key, input] of [['from', from], ['to', to]]) {
      if (input.value.trim()) filters[key] = input.value.trim(); else delete filters[key];
    }
    go({ filters, offset: 0 });
  });
  return form;
}

/** The active filters as chips, one per value; × removes that value. */
function renderFilters() {
  const box = clear($('filters'));
  for (const [key, value] of Object.entries(state.filters)) {
    for (const one of [value].flat()) {
      const label = key === 'unknown' ? [`${one}: `, el('em', {}, 'unknown')] : [`${key}: `, el('span', { dir: 'auto' }, one)];
      box.append(el('span', { class: 'chip filter' }, ...label,
        el('button', {
          type: 'button', class: 'remove', 'aria-label': `Remove filter ${key} ${one}`,
          onclick: () => {
            const filters = { ...state.filters };
            const rest = [filters[key]].flat().filter(v => v !== one);
            if (MULTI.has(key) && rest.length) filters[key] = rest; else delete filters[key];
            go({ filters, offset: 0 });
          },
        }, '×')));
    }
  }
}

function pager(total) {
  const nav = clear($('pager'));
  if (total <= PAGE) return;
  const page = Math.floor(state.offset / PAGE) + 1;
  const pages = Math.ceil(total / PAGE);
  nav.append(
    el('button', { type: 'button', disabled: page <= 1, onclick: () => go({ offset: Math.max(0, state.offset - PAGE) }) }, '← Previous'),
    el('span', {}, `Page ${page} of ${pages}`),
    el('button', { type: 'button', disabled: page >= pages, onclick: () => go({ offset: state.offset + PAGE }) }, 'Next →'));
}

/**
 * Uploads every chosen file with the same metadata, one request per file so each gets its own answer: ingested,
 * duplicate or refused (and why), listed as they finish.
 */
async function upload(e) {
  e.preventDefault();
  const form = e.target;
  const files = [...form.elements.file.files];
  const status = clear($('upload-status'));
  if (files.length === 0) return;
  const results = el('ol', { id: 'upload-results', class: 'upload-results' });
  const summary = el('p', { class: 'note', role: 'status' }, `Uploading ${files.length} file${files.length === 1 ? '' : 's'}…`);
  status.append(summary, results);
  let ok = 0;
  for (const file of files) {
    const body = new FormData(form);
    body.delete('file');
    for (const [key, value] of [...body.entries()]) if (value === '') body.delete(key);
    body.append('file', file, file.name);
    const item = el('li', { class: 'upload-result' }, el('span', { class: 'mono', dir: 'auto' }, file.name), ': uploading…');
    results.append(item);
    try {
      const result = await (await api('/api/documents', { method: 'POST', body })).json();
      ok++;
      clear(item).append(el('span', { class: 'mono', dir: 'auto' }, file.name), ` ${result.status}: `,
        el('a', { href: documentUrl(result.capture_id), dir: 'auto' }, result.title || result.file_name));
      if (result.note) item.append(el('span', { class: 'note', dir: 'auto' }, ` (${result.note})`));
      item.className = 'upload-result ok';
    } catch (error) {
      clear(item).append(el('span', { class: 'mono', dir: 'auto' }, file.name), ` refused: ${describe(error)}`);
      item.className = 'upload-result error';
    }
  }
  summary.textContent = `${ok} of ${files.length} file${files.length === 1 ? '' : 's'} stored.`;
  if (ok === files.length) form.reset();
  run();
}
