import { api, apiJson, clear, download, el, header, showError } from './common.js';

const $ = id => document.getElementById(id);
const SHOWN = 5;

header('Audit');
$('verify').addEventListener('click', verify);
$('reload').addEventListener('click', checkpoints);
$('public-key-download').addEventListener('click', () => save($('public-key').textContent, 'public.pem'));
$('proof-form').addEventListener('submit', prove);
document.addEventListener('archive-token', checkpoints);
checkpoints();

async function verify() {
  const box = clear($('report'));
  $('verify').disabled = true;
  box.append(el('p', { class: 'note' }, 'Verifying…'));
  try {
    const r = await apiJson(`/api/verify${$('record').checked ? '' : '?record=false'}`, { method: 'POST' });
    clear(box).append(el('p', { class: r.ok ? 'ok big' : 'error big' }, r.ok ? 'Verify: OK' : `Verify: ${r.problems.length} problems`));
    const dl = el('dl', { class: 'capture' });
    for (const [k, v] of [['items ok', r.ok_items], ['files', r.blobs_checked], ['bytes hashed', r.bytes_hashed], ['events', r.events],
      ['checkpoints', r.checkpoints], ['root', r.root], ['seconds', r.seconds], ['recorded as event', r.recorded_at_index ?? '—']]) {
      dl.append(el('dt', {}, k), el('dd', { class: 'mono' }, String(v)));
    }
    box.append(dl);
    if (r.problems.length) {
      box.append(table(['status', 'kind', 'document', 'expected / actual', 'detail'], r.problems.map(p => [
        p.status, p.kind, [p.id, p.title, p.path].filter(Boolean).join(' '), [p.expected, p.actual].filter(Boolean).join(' → '), p.detail || ''])));
    }
    checkpoints();
  } catch (error) {
    showError(box, error);
  } finally {
    $('verify').disabled = false;
  }
}

/** The signed checkpoints, newest first, each with its exact signed body and signature, and the key that checks them. */
async function checkpoints() {
  const box = $('checkpoints');
  try {
    const [list, key] = await Promise.all([apiJson('/api/log/checkpoints'), api('/api/log/public-key').then(r => r.text())]);
    $('public-key').textContent = key;
    if (list.length === 0) return clear(box).append(el('p', { class: 'note' }, 'No checkpoints yet.'));
    // The newest few; the rest on request (an archive writes one per ingest batch, so there can be thousands).
    const items = list.map((c, i) => {
      const item = checkpoint(c);
      item.hidden = i >= SHOWN;
      return item;
    });
    clear(box).append(el('ol', { class: 'checkpoint-list' }, items));
    if (list.length > SHOWN) {
      box.append(el('button', {
        type: 'button', id: 'older-checkpoints', class: 'link',
        onclick: e => {
          for (const item of items) item.hidden = false;
          e.currentTarget.remove();
        },
      }, `Show ${list.length - SHOWN} older checkpoints`));
    }
  } catch (error) {
    showError(box, error);
  }
}

function checkpoint(c) {
  const name = `checkpoint-${c.id}`;
  return el('li', { class: 'checkpoint', 'data-checkpoint': c.id },
    el('div', { class: 'pack-head' }, el('strong', {}, `Tree size ${c.tree_size}`), el('span', { class: 'note' }, `${c.time.replace('T', ' ').slice(0, 19)} UTC`)),
    el('p', { class: 'mono small' }, `root ${c.root}`, el('br'), `key ${c.key_id}`),
    el('details', {},
      el('summary', {}, 'Signed body and signature'),
      el('pre', { class: 'mono key checkpoint-body' }, c.body),
      el('p', { class: 'mono small checkpoint-signature' }, `signature (DER, base64) ${c.signature}`),
      el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'link', onclick: () => save(c.body, `${name}.txt`) }, `Download ${name}.txt`),
        el('button', { type: 'button', class: 'link', onclick: () => save(Uint8Array.from(atob(c.signature), ch => ch.charCodeAt(0)), `${name}.sig`) }, `Download ${name}.sig`))));
}

/** Saves bytes or text exactly as given (the body is what was signed: no added newline). */
function save(content, name) {
  return download(new Response(new Blob([content])), name);
}

async function prove(e) {
  e.preventDefault();
  const box = clear($('proof'));
  try {
    const p = await apiJson(`/api/log/proof/${encodeURIComponent($('proof-index').value)}`);
    box.append(
      el('p', { class: p.verified ? 'ok' : 'error' }, p.verified ? `Event ${p.leaf_index} is in the log of size ${p.tree_size}: the proof verifies.` : 'THE PROOF DOES NOT VERIFY'),
      el('pre', { class: 'mono' }, JSON.stringify(p, null, 2)));
  } catch (error) {
    showError(box, error);
  }
}

function table(headings, rows) {
  return el('div', { class: 'table-wrap' }, el('table', { class: 'grid' },
    el('thead', {}, el('tr', {}, headings.map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows.map(r => el('tr', {}, r.map(v => el('td', { class: typeof v === 'string' && v.length > 30 ? 'mono wrap' : '' }, String(v))))))));
}
