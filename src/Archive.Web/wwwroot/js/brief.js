import { api, apiJson, clear, download, el, hasEndpoint, header, showError } from './common.js';

const $ = id => document.getElementById(id);
const BRIEF_KEY = 'archive-brief-draft';
// A fresh brief checks OK: the citation syntax is shown in a code span, which is not a citation (a bare placeholder
// [@ID …] would itself be an error).
const SAMPLE = '---\ntitle: Untitled brief\n---\n\n# Summary\n\nWrite here. To quote an archived passage, select it on a document page and press "Cite selection"; a citation reads `[@ID "exact quote"]`.\n';
const DEBOUNCE_MS = 600;
const MARKDOWN = { 'Content-Type': 'text/markdown; charset=utf-8' };
let timer = 0;
let sequence = 0;
let building = false;

header('Brief');
const editor = $('editor');
editor.value = localStorage.getItem(BRIEF_KEY) || SAMPLE;
editor.addEventListener('input', () => {
  localStorage.setItem(BRIEF_KEY, editor.value);
  $('check-status').classList.add('stale');
  clearTimeout(timer);
  timer = setTimeout(check, DEBOUNCE_MS);
});
$('check').addEventListener('click', check);
$('build').addEventListener('click', build);
document.addEventListener('archive-token', check);
init();

async function init() {
  const [canCheck, canBuild] = await Promise.all([hasEndpoint('/api/briefs/check'), hasEndpoint('/api/briefs')]);
  $('check').disabled = !canCheck;
  $('build').disabled = !canBuild;
  if (!canCheck || !canBuild) {
    $('brief-note').hidden = false;
    $('brief-note').textContent = 'Checking and building briefs are not part of this build; the draft is kept in this browser.';
  }
  if (canCheck) check();
}

/** Posts the editor's text to /api/briefs/check; only the newest answer is shown. */
async function check() {
  if ($('check').disabled) return;
  clearTimeout(timer);
  const mine = ++sequence;
  const status = clear($('check-status'));
  status.append(el('p', { class: 'note' }, 'Checking…'));
  try {
    const report = await apiJson('/api/briefs/check', { method: 'POST', headers: MARKDOWN, body: editor.value });
    if (mine === sequence) render(report);
  } catch (error) {
    if (mine !== sequence) return;
    render({ ok: false, citations: [], problems: [] });
    showError(status, error);
  }
}

function render(report) {
  $('check-status').classList.remove('stale');
  const citations = report.citations || [];
  const problems = report.problems || [];
  const normalized = citations.filter(c => c.status === 'normalized').length;
  const summary = problems.length
    ? `${problems.length} problem${problems.length === 1 ? '' : 's'}: nothing can be built until ${problems.length === 1 ? 'it is' : 'they are'} fixed`
    : `OK: ${citations.length} citation${citations.length === 1 ? '' : 's'} resolve${citations.length === 1 ? 's' : ''}${normalized ? ` (${normalized} normalized)` : ''}`;
  clear($('check-status')).append(el('p', { class: problems.length ? 'error check-summary' : 'ok check-summary', id: 'check-summary' }, summary));
  $('problems-heading').hidden = problems.length === 0;
  clear($('problems')).append(...problems.map(renderProblem));
  const warnings = report.warnings || [];
  $('warnings-heading').hidden = warnings.length === 0;
  clear($('warnings')).append(...warnings.map(w => el('li', { class: 'problem warning' },
    el('div', { class: 'problem-head' }, where(w.line, w.column), el('span', { class: 'chip chip-warning' }, 'warning'),
      el('span', { class: 'problem-message', dir: 'auto' }, w.message || '')))));
  $('citations-empty').hidden = citations.length > 0;
  clear($('citations')).append(...citations.map(renderCitation));
}

/** One problem: its place (click to select it in the editor), status and message, then the listed occurrences (and how many more) or candidates. */
function renderProblem(p) {
  const item = el('li', { class: 'problem' },
    el('div', { class: 'problem-head' },
      where(p.line, p.column),
      el('span', { class: `chip chip-${p.status || 'error'}` }, p.status || 'error'),
      el('span', { class: 'problem-message', dir: 'auto' }, p.message || '')));
  const occurrences = p.occurrences || [];
  const total = p.occurrence_count || occurrences.length;
  if (total > 0) {
    item.append(el('p', { class: 'hint' }, 'Add #N after the quote to pick one:'),
      el('ol', { class: 'passages' }, occurrences.slice(0, 20).map((o, i) => el('li', { dir: 'auto' },
        el('span', { class: 'mono' }, `#${i + 1} [${o.start}, ${o.end}) `), context(o)))));
    const shown = Math.min(occurrences.length, 20);
    if (total > shown) {
      item.append(el('p', { class: 'note more' }, `… and ${(total - shown).toLocaleString('en')} more (${total.toLocaleString('en')} in all)`));
    }
  }
  const candidates = p.candidates || [];
  if (candidates.length) {
    item.append(el('p', { class: 'hint' }, 'Nearest passages in the source:'),
      el('ul', { class: 'passages' }, candidates.map(c => el('li', { dir: 'auto' },
        el('span', { class: 'mono' }, `${Math.round((c.score || 0) * 100)}% of the words [${c.passage.start}, ${c.passage.end}) `), context(c.passage)))));
  }
  return item;
}

function renderCitation(c) {
  const link = el('a', { href: `/document.html?id=${encodeURIComponent(c.capture)}&start=${c.start}&end=${c.end}`, class: 'mono', title: c.capture }, c.id);
  return el('li', { class: 'citation' },
    el('div', { class: 'problem-head' },
      el('span', { class: 'mono' }, `[${c.n}]`), where(c.line, c.column),
      el('span', { class: `chip chip-${c.status}` }, c.status), link,
      c.page ? el('span', { class: 'note' }, `p. ${c.page}`) : null),
    el('blockquote', { class: 'quote', dir: 'auto' }, c.exact),
    el('div', { class: 'note' }, `code points ${c.start}–${c.end} · paragraph ${c.paragraph}`));
}

/** …prefix[exact]suffix… with the exact text marked; all as text nodes. */
function context(passage) {
  return el('span', { class: 'context' }, `…${oneLine(passage.prefix)}`, el('mark', {}, oneLine(passage.exact)), `${oneLine(passage.suffix)}…`);
}

function where(line, column) {
  return el('button', { type: 'button', class: 'link mono where', title: 'Select in the editor', onclick: () => jump(line, column) }, `${line ?? '?'}:${column ?? '?'}`);
}

function oneLine(text) {
  return (text || '').replace(/\s+/g, ' ');
}

function jump(line, column) {
  if (!line) return;
  const lines = editor.value.split('\n');
  const at = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + Math.max((column || 1) - 1, 0);
  const end = lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) - 1;
  editor.focus();
  editor.setSelectionRange(Math.min(at, editor.value.length), Math.min(Math.max(end, at), editor.value.length));
}

/** Builds the pack; the PDF arrives as a blob through fetch (the bearer token cannot ride on a plain link). */
async function build() {
  if (building) return;
  building = true;
  $('build').disabled = true;
  const status = clear($('build-status'));
  status.append(el('p', { class: 'note' }, 'Building the pack… (rendering can take a while)'));
  try {
    const response = await api('/api/briefs', { method: 'POST', headers: MARKDOWN, body: editor.value });
    const pack = response.headers.get('X-Pack-Id') || 'pack';
    // The server's file name for the pack: the one its verification page and manifest name.
    const file = response.headers.get('X-Pack-File') || `${pack}.pdf`;
    await download(response, file);
    clear(status).append(el('p', { class: 'ok', id: 'build-done' }, `Built ${pack}; the PDF was downloaded as ${file}.`));
  } catch (error) {
    if (error.status === 422 && Array.isArray(error.problem.problems)) {
      render({ ok: false, citations: error.problem.citations || [], problems: error.problem.problems });
    }
    showError(status, error);
  } finally {
    building = false;
    $('build').disabled = false;
  }
}
