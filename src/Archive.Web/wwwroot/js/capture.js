// The capture box on the search page (archivists): one POST /api/captures per URL, in turn, so each URL shows its own
// progress and result. The server fetches the page in its own headless browser; nothing of the page runs here.
import { apiJson, clear, describe, el, shortId } from './common.js';

const MAX_URLS = 20;
const $ = id => document.getElementById(id);

$('capture-form').addEventListener('submit', submit);

async function submit(e) {
  e.preventDefault();
  const form = e.currentTarget;
  const list = clear($('capture-results'));
  const lines = $('capture-urls').value.split(/\r?\n/).map(s => s.trim()).filter(Boolean);
  if (lines.length === 0) return list.append(el('li', { class: 'capture-result error', role: 'alert' }, 'Give at least one http or https URL.'));
  if (lines.length > MAX_URLS) return list.append(el('li', { class: 'capture-result error', role: 'alert' }, `At most ${MAX_URLS} URLs at a time; you gave ${lines.length}.`));
  const items = lines.map(url => {
    const state = el('span', { class: 'capture-state' }, 'waiting');
    const detail = el('div', { class: 'capture-detail' });
    const item = el('li', { class: 'capture-result waiting' }, el('div', { class: 'capture-url mono' }, url), state, detail);
    list.append(item);
    return { url, item, state, detail };
  });
  form.querySelector('button[type="submit"]').disabled = true;
  $('capture-summary').textContent = `Capturing ${items.length} URL${items.length === 1 ? '' : 's'}…`;
  let captured = 0;
  for (const [n, entry] of items.entries()) {
    entry.item.className = 'capture-result working';
    entry.state.textContent = `capturing (${n + 1} of ${items.length})…`;
    try {
      const report = await apiJson('/api/captures', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ urls: [entry.url] }),
      });
      const outcome = report.results[0];
      if (outcome.status === 'captured') {
        captured++;
        showCaptured(entry, outcome);
      } else {
        entry.item.className = 'capture-result error';
        entry.state.textContent = 'refused';
        entry.detail.append(el('p', {}, outcome.reason || 'refused without a reason'));
      }
    } catch (error) {
      entry.item.className = 'capture-result error';
      entry.state.textContent = 'failed';
      entry.detail.append(el('p', { role: 'alert' }, describe(error)));
    }
  }
  form.querySelector('button[type="submit"]').disabled = false;
  $('capture-summary').textContent = `Done: ${captured} captured, ${items.length - captured} not.`;
  document.dispatchEvent(new CustomEvent('archive-captured', { detail: { captured, total: items.length } }));
}

function showCaptured(entry, outcome) {
  entry.item.className = `capture-result ${outcome.http_status >= 400 || (outcome.warnings || []).length ? 'warn' : 'ok'}`;
  entry.state.textContent = `captured · HTTP ${outcome.http_status}`;
  const version = outcome.source_version > 1 ? ` · version ${outcome.source_version} of this source` : '';
  entry.detail.append(
    el('a', { href: `/document.html?id=${encodeURIComponent(outcome.capture_id)}`, dir: 'auto', class: 'capture-title' }, outcome.title || outcome.slug || shortId(outcome.capture_id)),
    el('span', { class: 'note' }, ` · ${shortId(outcome.capture_id)}${version}`));
  if (outcome.final_url && outcome.final_url !== entry.url) entry.detail.append(el('p', { class: 'note mono' }, `ended at ${outcome.final_url}`));
  for (const warning of outcome.warnings || []) entry.detail.append(el('p', { class: 'capture-warning' }, warning));
}
