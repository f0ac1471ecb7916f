import { api, apiJson, applyRole, clear, download, el, header, params, ready, showError, whoami } from './common.js';

const $ = id => document.getElementById(id);
const BRIEF_KEY = 'archive-brief-draft';
// Texts up to WHOLE code points are shown at once; longer ones in CHUNK-sized pieces around the passage, more loaded as
// the reader scrolls towards either end (the server answers at most 262,144 code points per request).
const WHOLE = 200000;
const CHUNK = 60000;
let doc = null;
let selected = null;
let citation = '';
// The loaded part of the text: code points [lo, hi) of the whole, held as `loaded` (the #text box's content).
let lo = 0;
let hi = 0;
let loaded = '';
let loading = false;

header('');
document.addEventListener('archive-token', load);
$('cite').addEventListener('click', cite);
$('copy').addEventListener('click', copy);
$('to-brief').addEventListener('click', addToBrief);
$('original').addEventListener('click', original);
$('amend-form').addEventListener('submit', amend);
$('amend-field').addEventListener('change', prefill);
$('text-earlier').addEventListener('click', () => more(-1));
$('text-later').addEventListener('click', () => more(1));
document.addEventListener('selectionchange', rememberSelection);
const nearEdge = new IntersectionObserver(entries => {
  for (const entry of entries) if (entry.isIntersecting && !entry.target.hidden) more(entry.target.id === 'text-earlier' ? -1 : 1);
}, { rootMargin: '600px 0px' });
nearEdge.observe($('text-earlier'));
nearEdge.observe($('text-later'));
load();

async function load() {
  const id = params().get('id');
  $('original').disabled = true;
  if (!id) return showError($('status'), 'No document id: open a document from the search page.');
  await ready();
  try {
    doc = await apiJson(`/api/documents/${encodeURIComponent(id)}`);
  } catch (error) {
    doc = null;
    clear($('text'));
    for (const part of ['title', 'subtitle']) $(part).textContent = '';
    return showError($('status'), error);
  }
  clear($('status'));
  const c = doc.capture;
  document.title = `${c.title || c.original_name} · Archive`;
  $('title').textContent = c.title || c.original_name;
  $('subtitle').textContent = [c.publisher, c.published, c.source_type, `version ${c.version} of ${doc.versions.length}`].filter(Boolean).join(' · ');
  $('original').disabled = false;
  renderFields();
  renderCapture();
  renderTimeline();
  // webcapture.js (screenshot, HTTP provenance, versions) and other page parts draw from the same answer.
  document.dispatchEvent(new CustomEvent('archive-document', { detail: doc }));
  prefill();
  await renderText();
  applyRole(await whoami());
}

/** One row per field: name, value, and a chip with the kind of origin (the full origin, e.g. a sidecar path, in its title). */
function renderFields() {
  clear($('fields')).append(el('tbody', {}, Object.entries(doc.fields).map(([name, field]) => {
    const kind = field.origin.split(':')[0];
    return el('tr', { class: `field-${name}` }, el('th', { scope: 'row' }, name.replaceAll('_', ' ')), el('td', { class: 'value', dir: 'auto' }, field.display),
      el('td', { class: 'origin-cell' }, el('span', { class: `chip origin origin-${kind}`, title: `from ${field.origin}` }, kind)));
  })));
}

function renderCapture() {
  const c = doc.capture;
  const rows = [
    ['capture', c.id], ['text', `${c.text_sha256} (${c.text_length} code points)`], ['source', c.slug],
    ['original', `${c.original_name} · ${c.media_type} · ${c.size} bytes`], ['ingested', `${c.ingested_at} by ${c.ingest_agent}`],
    ['extractor', `${doc.extractor.name} ${doc.extractor.version}`], ['url', doc.source_url],
  ];
  clear($('capture')).append(...rows.filter(([, v]) => v).flatMap(([k, v]) => [el('dt', {}, k), el('dd', { class: 'mono' }, v)]));
}

function renderTimeline() {
  clear($('timeline')).append(...doc.events.map(e =>
    el('li', { class: `event event-${e.type}` },
      el('div', { class: 'event-head' }, el('span', { class: 'event-type' }, e.type), el('span', { class: 'mono' }, `#${e.index}`)),
      el('div', { class: 'event-meta' }, `${e.time.replace('T', ' ').slice(0, 19)} UTC · ${e.event.agent} · ${e.event.outcome}`),
      el('details', {}, el('summary', {}, 'event JSON'), el('pre', { class: 'mono' }, JSON.stringify(e.event, null, 2))))));
}

function codePoints(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!(c >= 0xd800 && c <= 0xdbff && i + 1 < s.length)) n++;
    else { n++; i++; }
  }
  return n;
}

/** Code-point offset to UTF-16 index, the unit the API uses and the unit strings use. */
function utf16Index(s, cps) {
  let index = 0;
  for (let cp = 0; cp < cps && index < s.length; cp++) {
    const c = s.charCodeAt(index);
    index += c >= 0xd800 && c <= 0xdbff && index + 1 < s.length ? 2 : 1;
  }
  return index;
}

async function fetchRange(from, to) {
  const passage = await apiJson(`/api/documents/${encodeURIComponent(doc.capture.id)}/passage?start=${from}&end=${to}`);
  return passage.text;
}

/**
 * Shows the text: all of it when short, else a window around the passage (or the start) with the rest loaded on demand,
 * so a 50 MB text opens as fast as a short one.
 */
async function renderText() {
  const box = clear($('text'));
  box.lang = doc.capture.language || '';
  const length = doc.capture.text_length;
  const start = Number.parseInt(params().get('start'), 10);
  const end = Number.parseInt(params().get('end'), 10);
  const passage = Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= length ? { start, end } : null;
  if (length <= WHOLE) [lo, hi] = [0, length];
  else if (passage) {
    lo = Math.max(0, passage.start - CHUNK / 2);
    hi = Math.min(length, Math.max(passage.end, lo + CHUNK));
  } else [lo, hi] = [0, CHUNK];
  try {
    loaded = hi > lo ? await fetchRange(lo, hi) : '';
  } catch (error) {
    return showError($('status'), error);
  }
  if (passage) {
    const from = utf16Index(loaded, passage.start - lo);
    const to = utf16Index(loaded, passage.end - lo);
    const mark = el('mark', { id: 'passage', class: 'passage-mark', tabindex: '-1' }, loaded.slice(from, to));
    box.append(loaded.slice(0, from), mark, loaded.slice(to));
    requestAnimationFrame(() => mark.scrollIntoView({ block: 'center' }));
  } else {
    box.append(loaded);
  }
  edges();
}

/** The "load earlier / later" controls: shown while text remains on that side. */
function edges() {
  const length = doc.capture.text_length;
  $('text-earlier').hidden = lo <= 0;
  $('text-earlier').textContent = `Show earlier text (${lo.toLocaleString('en')} characters before this)`;
  $('text-later').hidden = hi >= length;
  $('text-later').textContent = `Show later text (${(length - hi).toLocaleString('en')} characters more)`;
  $('text-range').textContent = lo > 0 || hi < length ? `Showing characters ${lo.toLocaleString('en')}–${hi.toLocaleString('en')} of ${length.toLocaleString('en')}.` : '';
}

/** Loads one more chunk before (-1) or after (1) what is shown; earlier text keeps the reader's place on screen. */
async function more(direction) {
  if (loading || !doc) return;
  const length = doc.capture.text_length;
  const [from, to] = direction < 0 ? [Math.max(0, lo - CHUNK), lo] : [hi, Math.min(length, hi + CHUNK)];
  if (to <= from) return;
  loading = true;
  try {
    const piece = await fetchRange(from, to);
    const box = $('text');
    if (direction < 0) {
      const before = box.getBoundingClientRect().height;
      box.prepend(piece);
      loaded = piece + loaded;
      lo = from;
      window.scrollBy(0, box.getBoundingClientRect().height - before);
    } else {
      box.append(piece);
      loaded += piece;
      hi = to;
    }
    edges();
  } catch (error) {
    showError($('status'), error);
  } finally {
    loading = false;
  }
}

/** Tracks the selection in the text as code-point offsets in the whole text; "Cite selection" is enabled only while there is one. */
function rememberSelection() {
  const selection = document.getSelection();
  const box = $('text');
  const range = selection && selection.rangeCount > 0 && !selection.isCollapsed ? selection.getRangeAt(0) : null;
  if (!range || !box.contains(range.startContainer) || !box.contains(range.endContainer) || range.toString().trim().length === 0) {
    selected = null;
    $('cite').disabled = true;
    return;
  }
  const before = document.createRange();
  before.setStart(box, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const offset = before.toString().length;
  const quote = range.toString();
  const start = lo + codePoints(loaded.slice(0, offset));
  selected = { start, end: start + codePoints(quote) };
  $('cite').disabled = false;
}

/**
 * Asks the server for the citation of the selection: it counts identical quotes over the whole text (which this page
 * may not hold) for #N, and keeps ASCII quotes so the citation resolves exact.
 */
async function cite() {
  if (!selected || !doc) return;
  try {
    const answer = await apiJson(`/api/documents/${encodeURIComponent(doc.capture.id)}/citation?start=${selected.start}&end=${selected.end}`);
    showCitation(answer.citation);
  } catch (error) {
    return showError($('status'), error);
  }
  $('copy').disabled = false;
  $('to-brief').disabled = false;
  copy();
}

/**
 * The citation, laid out left to right with the quote isolated (<bdi>): an Arabic quote keeps its own direction inside
 * and cannot carry the brackets, id or #N along with it.
 */
function showCitation(text) {
  citation = text;
  const open = text.indexOf(' "');
  const close = text.lastIndexOf('"');
  const box = clear($('citation'));
  box.dataset.citation = text;
  if (open < 0 || close <= open + 1) box.append(text);
  else box.append(el('span', { class: 'cite-id' }, text.slice(0, open + 2)), el('bdi', { class: 'cite-quote' }, text.slice(open + 2, close)), el('span', { class: 'cite-tail' }, text.slice(close)));
}

async function copy() {
  try {
    await navigator.clipboard.writeText(citation);
    $('cite-status').textContent = 'Copied to the clipboard.';
  } catch {
    getSelection().selectAllChildren($('citation'));
    $('cite-status').textContent = 'Copy the selected citation (the clipboard is not available here).';
  }
}

function addToBrief() {
  const draft = localStorage.getItem(BRIEF_KEY) || '';
  localStorage.setItem(BRIEF_KEY, `${draft}${draft && !draft.endsWith('\n') ? '\n' : ''}${citation}\n`);
  $('cite-status').textContent = 'Added to the brief draft.';
}

async function original() {
  if (!doc) return;
  try {
    await download(await api(`/api/documents/${encodeURIComponent(doc.capture.id)}/original`), doc.capture.original_name);
  } catch (error) {
    showError($('status'), error);
  }
}

/** Puts the field's current value in the editor, so a change starts from what is there. */
function prefill() {
  if (!doc) return;
  const field = doc.fields[$('amend-field').value];
  $('amend-value').value = field ? field.display : '';
}

/** PATCH /api/documents/{id}/metadata: the server records a metadata-amended event (none when the value is unchanged). */
async function amend(e) {
  e.preventDefault();
  const status = clear($('amend-status'));
  const name = $('amend-field').value;
  try {
    const result = await apiJson(`/api/documents/${encodeURIComponent(doc.capture.id)}/metadata`, {
      method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ [name]: $('amend-value').value }),
    });
    doc = await apiJson(`/api/documents/${encodeURIComponent(doc.capture.id)}`);
    renderFields();
    renderTimeline();
    status.append(el('p', { class: 'ok', id: 'amend-done' }, result.events.length
      ? `Saved ${name.replaceAll('_', ' ')}: recorded as event #${result.events.map(ev => ev.index).join(', #')}.`
      : `${name.replaceAll('_', ' ')} already had that value; nothing was recorded.`));
  } catch (error) {
    showError(status, error);
  }
}
