import { api, apiJson, clear, download, el, header, params, shortId, showError } from './common.js';

const $ = id => document.getElementById(id);
const BRIEF_KEY = 'archive-brief-draft';
let doc = null;
let text = '';
let selected = null;

header('');
document.addEventListener('archive-token', load);
$('cite').addEventListener('click', cite);
$('copy').addEventListener('click', copy);
$('to-brief').addEventListener('click', addToBrief);
$('original').addEventListener('click', original);
document.addEventListener('selectionchange', rememberSelection);
load();

async function load() {
  const id = params().get('id');
  if (!id) return showError($('status'), 'No document id: open a document from the search page.');
  try {
    const encoded = encodeURIComponent(id);
    [doc, text] = await Promise.all([apiJson(`/api/documents/${encoded}`), api(`/api/documents/${encoded}/text`).then(r => r.text())]);
  } catch (error) {
    return showError($('status'), error);
  }
  clear($('status'));
  const c = doc.capture;
  document.title = `${c.title || c.original_name} · Archive`;
  $('title').textContent = c.title || c.original_name;
  $('subtitle').textContent = [c.publisher, c.published, c.source_type, `version ${c.version} of ${doc.versions.length}`].filter(Boolean).join(' · ');
  renderFields();
  renderCapture();
  renderTimeline();
  renderText();
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

/** Code-point offset to UTF-16 index, the unit the API uses and the unit strings use. */
function utf16Index(s, codePoints) {
  let index = 0;
  for (let cp = 0; cp < codePoints && index < s.length; cp++) {
    const c = s.charCodeAt(index);
    index += c >= 0xd800 && c <= 0xdbff && index + 1 < s.length ? 2 : 1;
  }
  return index;
}

function renderText() {
  const box = clear($('text'));
  box.lang = doc.capture.language || '';
  const start = Number.parseInt(params().get('start'), 10);
  const end = Number.parseInt(params().get('end'), 10);
  if (Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start) {
    const from = utf16Index(text, start);
    const to = utf16Index(text, end);
    const mark = el('mark', { id: 'passage', class: 'passage-mark', tabindex: '-1' }, text.slice(from, to));
    box.append(text.slice(0, from), mark, text.slice(to));
    requestAnimationFrame(() => mark.scrollIntoView({ block: 'center' }));
  } else {
    box.append(text);
  }
}

function rememberSelection() {
  const selection = document.getSelection();
  const box = $('text');
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
  const range = selection.getRangeAt(0);
  if (!box.contains(range.startContainer) || !box.contains(range.endContainer)) return;
  const before = document.createRange();
  before.setStart(box, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const offset = before.toString().length;
  const quote = range.toString();
  if (quote.trim().length === 0) return;
  selected = { quote, offset };
  $('cite').disabled = false;
}

/** [@ID "quote"], with #N when the quote occurs more than once in the text (N counts from 1, in text order). */
export function citationFor(id, fullText, quote, offset) {
  const trimmedStart = quote.length - quote.trimStart().length;
  const exact = quote.trim();
  const at = offset + trimmedStart;
  let count = 0;
  let occurrence = 0;
  for (let i = fullText.indexOf(exact); i !== -1; i = fullText.indexOf(exact, i + 1)) {
    count++;
    if (i === at) occurrence = count;
  }
  const written = exact.replace(/\s+/g, ' ').replaceAll('"', '\u201d');
  return `[@${shortId(id)} "${written}"${count > 1 && occurrence > 0 ? ` #${occurrence}` : ''}]`;
}

function cite() {
  if (!selected || !doc) return;
  const citation = citationFor(doc.capture.id, text, selected.quote, selected.offset);
  $('citation').value = citation;
  $('copy').disabled = false;
  $('to-brief').disabled = false;
  copy();
}

async function copy() {
  try {
    await navigator.clipboard.writeText($('citation').value);
    $('cite-status').textContent = 'Copied to the clipboard.';
  } catch {
    $('citation').select();
    $('cite-status').textContent = 'Select the field and copy it (the clipboard is not available here).';
  }
}

function addToBrief() {
  const draft = localStorage.getItem(BRIEF_KEY) || '';
  localStorage.setItem(BRIEF_KEY, `${draft}${draft && !draft.endsWith('\n') ? '\n' : ''}${$('citation').value}\n`);
  $('cite-status').textContent = 'Added to the brief draft.';
}

async function original() {
  try {
    await download(await api(`/api/documents/${encodeURIComponent(doc.capture.id)}/original`), doc.capture.original_name);
  } catch (error) {
    showError($('status'), error);
  }
}
