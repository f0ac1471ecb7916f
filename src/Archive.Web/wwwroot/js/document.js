import { api, apiJson, applyRole, clear, describe, download, el, header, params, ready, showError, whoami } from './common.js';
import { codePointLength, markedText } from './marks.js';

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
// Each load() takes a number; a load overtaken by a newer one (the token changed meanwhile) stops at its next step,
// so two loads never both write the text box.
let loads = 0;
// The passage the page was opened at (from the URL), and the matches of the last find with the one shown as current.
let passage = null;
let found = { query: '', matches: [], more: false };
let current = -1;

header('');
document.addEventListener('archive-token', load);
$('cite').addEventListener('click', cite);
$('copy').addEventListener('click', copy);
$('to-brief').addEventListener('click', addToBrief);
$('original').addEventListener('click', original);
$('amend-form').addEventListener('submit', amend);
$('amend-field').addEventListener('change', prefill);
$('withdraw-form').addEventListener('submit', withdraw);
$('text-earlier').addEventListener('click', () => more(-1));
$('text-later').addEventListener('click', () => more(1));
document.addEventListener('selectionchange', rememberSelection);
$('find-form').addEventListener('submit', e => {
  e.preventDefault();
  find(e.submitter && e.submitter.id === 'find-prev' ? -1 : 1);
});
$('find').addEventListener('keydown', e => {
  if (e.key === 'Enter' && e.shiftKey) {
    e.preventDefault();
    find(-1);
  }
});
const nearEdge = new IntersectionObserver(entries => {
  for (const entry of entries) if (entry.isIntersecting && !entry.target.hidden) more(entry.target.id === 'text-earlier' ? -1 : 1);
}, { rootMargin: '600px 0px' });
nearEdge.observe($('text-earlier'));
nearEdge.observe($('text-later'));
load();

async function load() {
  const mine = ++loads;
  $('text').setAttribute('aria-busy', 'true');
  const id = params().get('id');
  $('original').disabled = true;
  if (!id) {
    $('text').setAttribute('aria-busy', 'false');
    return showError($('status'), 'No document id: open a document from the search page.');
  }
  await ready();
  let answer;
  try {
    answer = await apiJson(`/api/documents/${encodeURIComponent(id)}`);
  } catch (error) {
    if (mine !== loads) return;
    doc = null;
    clear($('text')).setAttribute('aria-busy', 'false');
    for (const part of ['title', 'subtitle']) $(part).textContent = '';
    return showError($('status'), error);
  }
  if (mine !== loads) return;
  doc = answer;
  clear($('status'));
  const c = doc.capture;
  document.title = `${c.title || c.original_name} · Archive`;
  $('title').textContent = c.title || c.original_name;
  $('subtitle').textContent = [c.publisher, c.published, c.source_type, `version ${c.version} of ${doc.versions.length}`].filter(Boolean).join(' · ');
  renderWithdrawn();
  $('original').disabled = false;
  renderFields();
  renderCapture();
  renderTimeline();
  // webcapture.js (screenshot, HTTP provenance, versions) and other page parts draw from the same answer.
  document.dispatchEvent(new CustomEvent('archive-document', { detail: doc }));
  prefill();
  if (!await renderText(mine)) return;
  const asked = params().get('q');
  if (asked && !$('find').value) {
    $('find').value = asked;
    await find(0);
  }
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

/** A withdrawn capture says so above everything else: when, by whom and why, from its withdrawn event. */
function renderWithdrawn() {
  const note = $('withdrawn');
  const w = doc.withdrawal;
  note.hidden = !w;
  $('withdraw-form').hidden = Boolean(w);
  note.textContent = w
    ? `Withdrawn ${w.time.replace('T', ' ').slice(0, 19)} UTC by ${w.agent} (event #${w.event_index}): ${w.reason.replace(/[.\s]+$/, '')}. Searches leave it out; it stays in the archive, and citations of it still verify.`
    : '';
}

function renderTimeline() {
  clear($('timeline')).append(...doc.events.map(e =>
    el('li', { class: `event event-${e.type}` },
      el('div', { class: 'event-head' }, el('span', { class: 'event-type' }, e.type), el('span', { class: 'mono' }, `#${e.index}`)),
      el('div', { class: 'event-meta' }, `${e.time.replace('T', ' ').slice(0, 19)} UTC · ${e.event.agent} · ${e.event.outcome}`),
      el('details', {}, el('summary', {}, 'event JSON'), el('pre', { class: 'mono' }, JSON.stringify(e.event, null, 2))))));
}

async function fetchRange(from, to) {
  const passage = await apiJson(`/api/documents/${encodeURIComponent(doc.capture.id)}/passage?start=${from}&end=${to}`);
  return passage.text;
}

/**
 * Shows the text: all of it when short, else a window around the passage (or the start) with the rest loaded on demand,
 * so a 50 MB text opens as fast as a short one.
 */
async function renderText(mine) {
  $('text').lang = doc.capture.language || '';
  const length = doc.capture.text_length;
  const start = Number.parseInt(params().get('start'), 10);
  const end = Number.parseInt(params().get('end'), 10);
  passage = Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= length ? { start, end } : null;
  found = { query: '', matches: [], more: false };
  current = -1;
  if (!await showWindow(mine, passage)) return false;
  if (passage) requestAnimationFrame(() => $('passage').scrollIntoView({ block: 'center' }));
  return true;
}

/** Loads the window of text around `focus` (code points; null: the start), or all of a short text, and paints it. */
async function showWindow(mine, focus) {
  const box = $('text');
  const length = doc.capture.text_length;
  let from = 0;
  let to = Math.min(length, CHUNK);
  if (length <= WHOLE) to = length;
  else if (focus) {
    from = Math.max(0, focus.start - CHUNK / 2);
    to = Math.min(length, Math.max(focus.end, from + CHUNK));
  }
  let text;
  try {
    text = to > from ? await fetchRange(from, to) : '';
  } catch (error) {
    if (mine === loads) {
      box.setAttribute('aria-busy', 'false');
      showError($('status'), error);
    }
    return false;
  }
  if (mine !== loads) return false;
  [lo, hi, loaded] = [from, to, text];
  paint();
  edges();
  box.setAttribute('aria-busy', 'false');
  return true;
}

/** Writes the loaded text into the box with the passage and the find's matches marked. */
function paint() {
  clear($('text')).append(...markedText(loaded, lo, passage, found.matches, current));
}

/**
 * Find in document: the query (the search syntax, so stems, phrases, aliases and wildcards work as in a search) is
 * matched by the server over the whole text, and every match is marked. Again with the same words steps to the next
 * match (`step` 1) or the previous (-1); 0 marks them without moving, as when the page opens from a search.
 */
async function find(step) {
  if (!doc) return;
  const query = $('find').value.trim();
  const status = $('find-status');
  if (!query) {
    found = { query: '', matches: [], more: false };
    current = -1;
    status.textContent = '';
    return paint();
  }
  if (query !== found.query) {
    const mine = loads;
    status.textContent = 'Finding…';
    let answer;
    try {
      answer = await apiJson(`/api/documents/${encodeURIComponent(doc.capture.id)}/matches?q=${encodeURIComponent(query)}&limit=1000`);
    } catch (error) {
      if (mine === loads) status.textContent = error.problem && Number.isInteger(error.problem.column) ? `Query syntax error at column ${error.problem.column}: ${error.problem.message}` : describe(error);
      return;
    }
    if (mine !== loads) return;
    found = { query, matches: answer.matches, more: answer.more };
    current = step === 0 ? -1 : step > 0 ? -1 : 0;
  }
  const n = found.matches.length;
  if (n === 0) {
    // Opened from a search whose hit matched by meaning or by metadata: nothing to mark, and nothing to complain of.
    status.textContent = step === 0 ? '' : 'No matches';
    return paint();
  }
  if (step !== 0) current = (current + step + n) % n;
  const target = current >= 0 ? found.matches[current] : null;
  if (target && (target.start < lo || target.end > hi)) await showWindow(loads, target);
  else paint();
  const counted = `${n}${found.more ? '+' : ''} match${n === 1 && !found.more ? '' : 'es'}`;
  status.textContent = current >= 0 ? `${current + 1} of ${counted}` : counted;
  const shown = document.querySelector('#text mark.match-current');
  if (shown) shown.scrollIntoView({ block: 'center' });
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
  const mine = loads;
  try {
    const piece = await fetchRange(from, to);
    if (mine !== loads) return;
    const box = $('text');
    if (direction < 0) {
      const before = box.getBoundingClientRect().height;
      loaded = piece + loaded;
      lo = from;
      paint();
      window.scrollBy(0, box.getBoundingClientRect().height - before);
    } else {
      loaded += piece;
      hi = to;
      paint();
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
  const start = lo + codePointLength(loaded.slice(0, offset));
  selected = { start, end: start + codePointLength(quote) };
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

/** POST /api/documents/{id}/withdraw: the server records a signed withdrawn event with the reason. */
async function withdraw(e) {
  e.preventDefault();
  const status = clear($('withdraw-status'));
  try {
    const logged = await apiJson(`/api/documents/${encodeURIComponent(doc.capture.id)}/withdraw`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ reason: $('withdraw-reason').value }),
    });
    doc = await apiJson(`/api/documents/${encodeURIComponent(doc.capture.id)}`);
    renderWithdrawn();
    renderTimeline();
    status.append(el('p', { class: 'ok', id: 'withdraw-done' }, `Withdrawn: recorded as event #${logged.index}.`));
  } catch (error) {
    showError(status, error);
  }
}
