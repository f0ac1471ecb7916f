import { api, apiJson, clear, download, el, header, params, showError } from './common.js';

const $ = id => document.getElementById(id);
const PAGE = 20;

header('Packs');
document.addEventListener('archive-token', list);
list();

async function list() {
  const offset = Math.max(0, Number.parseInt(params().get('offset'), 10) || 0);
  const box = $('packs');
  try {
    // One more than a page, to know whether there is a next page.
    const packs = await apiJson(`/api/packs?limit=${PAGE + 1}&offset=${offset}`);
    clear($('status'));
    clear(box).append(...packs.slice(0, PAGE).map(pack));
    if (packs.length === 0) $('status').append(el('p', { class: 'note' }, offset ? 'No more packs.' : 'No packs yet: build one on the Brief page.'));
    const nav = clear($('pager'));
    if (offset > 0) nav.append(el('a', { href: `?offset=${Math.max(0, offset - PAGE)}` }, '← Newer'));
    if (packs.length > PAGE) nav.append(el('a', { href: `?offset=${offset + PAGE}` }, 'Older →'));
  } catch (error) {
    clear(box);
    showError($('status'), error);
  }
}

function pack(p) {
  const result = el('div', { class: 'verify-result', 'aria-live': 'polite' });
  const id = encodeURIComponent(p.id);
  // Saved under the names `archive verify-pack` looks for beside the PDF: NAME.manifest.json and NAME.manifest.json.sig.
  const base = p.pdf.replace(/\.pdf$/i, '');
  return el('li', { class: 'pack', 'data-pack': p.id },
    el('div', { class: 'pack-head' }, el('span', { class: 'pack-title', dir: 'auto' }, p.title || p.id), el('span', { class: 'mono' }, p.id)),
    el('p', { class: 'hit-meta' }, `${p.created_at.replace('T', ' ').slice(0, 19)} UTC · by ${p.agent} · ${p.citations} citation${p.citations === 1 ? '' : 's'} from ${p.sources} source${p.sources === 1 ? '' : 's'}`),
    el('p', { class: 'mono small' }, `PDF ${p.pdf_sha256}`),
    el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'download-pdf', onclick: () => save(`/api/packs/${id}/pdf`, p.pdf, result) }, 'Download PDF'),
      el('button', { type: 'button', class: 'verify', onclick: e => verify(p.id, e.currentTarget, result) }, 'Verify'),
      el('button', { type: 'button', class: 'link', onclick: () => save(`/api/packs/${id}/manifest`, `${base}.manifest.json`, result) }, 'Manifest'),
      el('button', { type: 'button', class: 'link', onclick: () => save(`/api/packs/${id}/signature`, `${base}.manifest.json.sig`, result) }, 'Signature')),
    result);
}

async function save(path, name, result) {
  try {
    await download(await api(path), name);
  } catch (error) {
    showError(result, error);
  }
}

async function verify(id, button, result) {
  button.disabled = true;
  clear(result).append(el('p', { class: 'note' }, 'Verifying…'));
  try {
    const r = await apiJson(`/api/packs/${encodeURIComponent(id)}/verify`);
    const bad = r.citations.filter(c => !(c.resolves && c.in_pdf));
    const n = (count, word) => `${count} ${word}${count === 1 ? '' : 's'}`;
    clear(result).append(
      el('p', { class: r.ok ? 'ok verdict' : 'error verdict' }, r.ok
        ? `Verified: ${n(r.checks.length, 'check')} and ${n(r.citations.length, 'citation')} hold.`
        : `NOT VERIFIED: ${n(r.checks.filter(c => !c.ok).length, 'check')} and ${n(bad.length, 'citation')} fail.`),
      el('ul', { class: 'checks' }, r.checks.map(c => el('li', { class: c.ok ? 'ok' : 'error' }, `${c.ok ? '✓' : '✗'} ${c.name}: `, el('span', { dir: 'auto' }, c.detail)))),
      ...(bad.length ? [el('ul', { class: 'checks' }, bad.map(c => el('li', { class: 'error', dir: 'auto' }, `[${c.number}] ${c.exact}: ${c.problems.join('; ')}`)))] : []));
  } catch (error) {
    showError(result, error);
  } finally {
    button.disabled = false;
  }
}
