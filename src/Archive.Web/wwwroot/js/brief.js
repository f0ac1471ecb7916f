import { api, apiJson, clear, download, el, hasEndpoint, header, showError } from './common.js';

const $ = id => document.getElementById(id);
const BRIEF_KEY = 'archive-brief-draft';
const SAMPLE = '---\ntitle: Untitled brief\n---\n\n# Summary\n\nWrite here, and cite: [@ID "exact quote"]\n';
let timer = 0;
let sequence = 0;

header('Brief');
const editor = $('editor');
editor.value = localStorage.getItem(BRIEF_KEY) || SAMPLE;
editor.addEventListener('input', () => {
  localStorage.setItem(BRIEF_KEY, editor.value);
  clearTimeout(timer);
  timer = setTimeout(check, 600);
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

async function check() {
  if ($('check').disabled) return;
  const mine = ++sequence;
  const status = $('check-status');
  try {
    const report = await apiJson('/api/briefs/check', { method: 'POST', headers: { 'Content-Type': 'text/markdown' }, body: editor.value });
    if (mine !== sequence) return;
    renderReport(report);
  } catch (error) {
    if (mine !== sequence) return;
    clear($('problems'));
    showError(status, error);
  }
}

/** Lists every citation that did not resolve cleanly, with its line and column; clicking one selects it in the editor. */
function renderReport(report) {
  const citations = report.citations || [];
  const problems = report.problems || citations.filter(c => c.status && c.status !== 'exact' && c.status !== 'normalized');
  const ok = citations.length - problems.filter(p => p.citation || p.status).length;
  clear($('check-status')).append(el('p', { class: problems.length ? 'error' : 'ok' },
    problems.length ? `${problems.length} problem${problems.length === 1 ? '' : 's'}` : `All ${citations.length} citations resolve`,
    citations.length ? ` · ${Math.max(ok, 0)} of ${citations.length} citations resolve` : ''));
  clear($('problems')).append(...problems.map(p => el('li', { class: 'problem' },
    el('button', { type: 'button', class: 'link mono', onclick: () => jump(p.line, p.column) }, `line ${p.line ?? '?'}:${p.column ?? '?'}`),
    ' ', el('span', { class: `chip chip-${p.status || 'error'}` }, p.status || p.kind || 'error'),
    ' ', el('span', { dir: 'auto' }, p.message || p.detail || ''),
    (p.candidates || []).length ? el('ul', { class: 'candidates' }, p.candidates.map(c => el('li', { dir: 'auto' }, typeof c === 'string' ? c : (c.text || JSON.stringify(c))))) : null)));
}

function jump(line, column) {
  if (!line) return;
  const lines = editor.value.split('\n');
  const at = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + Math.max((column || 1) - 1, 0);
  editor.focus();
  editor.setSelectionRange(at, Math.min(at + (lines[line - 1] || '').length, editor.value.length));
}

async function build() {
  const status = $('check-status');
  clear(status).append(el('p', { class: 'note' }, 'Building the pack…'));
  try {
    const response = await api('/api/briefs', { method: 'POST', headers: { 'Content-Type': 'text/markdown' }, body: editor.value });
    await download(response, 'brief.pdf');
    clear(status).append(el('p', { class: 'ok' }, 'PDF downloaded.'));
  } catch (error) {
    showError(status, error);
  }
}
