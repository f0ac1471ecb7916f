// The diff view: GET /api/documents/{id}/diff?against={older}. Every piece of archived text goes in as text (el()).
import { apiJson, clear, el, header, params, ready, shortId, showError } from './common.js';

const $ = id => document.getElementById(id);

header('');
document.addEventListener('archive-token', load);
load();

async function load() {
  const id = params().get('id');
  const against = params().get('against');
  if (!id || !against) return showError($('status'), 'Open this page from a document\'s "compare with version N" link (it needs ?id= and &against=).');
  await ready();
  let diff;
  try {
    diff = await apiJson(`/api/documents/${encodeURIComponent(id)}/diff?against=${encodeURIComponent(against)}`);
  } catch (error) {
    return showError($('status'), error);
  }
  clear($('status'));
  render(diff);
}

function label(c) {
  return el('span', {}, el('a', { href: `/document.html?id=${encodeURIComponent(c.id)}` }, `version ${c.version}`),
    ` · ${shortId(c.id)} · ${c.ingested_at.replace('T', ' ').slice(0, 16)} · `, el('bdi', {}, c.title || c.original_name));
}

function render(diff) {
  const t = diff.text;
  document.title = `${diff.to.title || diff.to.slug}: version ${diff.from.version} → ${diff.to.version} · Archive`;
  clear($('pair')).append(el('dt', {}, 'from'), el('dd', {}, label(diff.from)), el('dt', {}, 'to'), el('dd', {}, label(diff.to)));
  clear($('diff-notes')).append(...[...diff.notes, ...t.notes].map(n => el('li', { class: 'chip chip-warning diff-note' }, n)));
  $('diff-summary').textContent = t.identical
    ? 'The texts are identical.'
    : `${t.changes.toLocaleString('en')} change${t.changes === 1 ? '' : 's'}: ${t.words_removed.toLocaleString('en')} word${t.words_removed === 1 ? '' : 's'} removed, ${t.words_added.toLocaleString('en')} added.`;
  clear($('hunks')).append(...t.hunks.map(hunk => el('li', { class: 'hunk' },
    el('div', { class: 'hunk-head mono' }, `v${diff.from.version} ${hunk.old_start}–${hunk.old_end} · v${diff.to.version} ${hunk.new_start}–${hunk.new_end}`),
    el('div', { class: 'hunk-text', dir: 'auto' }, hunk.segments.map(segment)))));
  if (t.hunk_count > t.hunks.length) $('hunks').append(el('li', { class: 'note' }, `${t.hunk_count - t.hunks.length} more hunks are not listed.`));

  const drifts = diff.citations;
  $('citations-summary').textContent = diff.citations_checked === 0
    ? `No recorded pack quotes version ${diff.from.version}.`
    : `${diff.citations_checked} citation${diff.citations_checked === 1 ? '' : 's'} of version ${diff.from.version}, looked up in version ${diff.to.version}.`;
  const order = ['gone', 'changed', 'ambiguous', 'moved', 'exact'];
  clear($('citations')).append(...[...drifts].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status)).map(c => el('li', { class: `drift drift-${c.status}` },
    el('div', { class: 'drift-head' }, el('span', { class: `chip drift-status status-${c.status}` }, c.status),
      el('a', { href: `/packs.html#${encodeURIComponent(c.pack_id)}`, class: 'mono' }, c.pack_id), ` #${c.n} · `, el('bdi', {}, c.pack_title)),
    el('blockquote', { class: 'drift-quote', dir: 'auto' }, c.quote),
    el('p', { class: 'note' }, c.message),
    c.nearest && c.status === 'changed' ? el('p', { class: 'drift-nearest', dir: 'auto' }, 'Now: ', el('a', {
      href: `/document.html?id=${encodeURIComponent(diff.to.id)}&start=${c.nearest.start}&end=${c.nearest.end}`,
    }, c.nearest.exact), el('span', { class: 'drift-context' }, c.nearest.suffix)) : null,
    c.now ? el('p', { class: 'note' }, el('a', { href: `/document.html?id=${encodeURIComponent(diff.to.id)}&start=${c.now.start}&end=${c.now.end}` }, `read it in version ${diff.to.version} (${c.now.start}–${c.now.end})`)) : null)));
}

function segment(s) {
  const text = s.truncated ? `${s.text}… (cut: ${(s.kind === 'added' ? s.new_end - s.new_start : s.old_end - s.old_start).toLocaleString('en')} code points in all)` : s.text;
  if (s.kind === 'removed') return el('del', { class: 'diff-del', title: `removed: v-old ${s.old_start}–${s.old_end}` }, text);
  if (s.kind === 'added') return el('ins', { class: 'diff-ins', title: `added: v-new ${s.new_start}–${s.new_end}` }, text);
  return el('span', { class: 'diff-same' }, text);
}
