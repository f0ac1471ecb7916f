import { el } from './common.js';

/**
 * The loaded part of a text as DOM nodes, with the cited passage in one <mark id="passage"> and every match of a
 * find in <mark class="match"> inside it or beside it. Offsets count code points in the whole text; the loaded part
 * starts at code point `lo`. One pass over the text converts every boundary to a string index, so a few hundred
 * matches in a long window cost no more than reading it once.
 * @param {string} loaded the loaded text, code points [lo, lo + its length)
 * @param {number} lo where it starts in the whole text
 * @param {{start:number,end:number}|null} passage the passage to mark, or null
 * @param {{start:number,end:number}[]} matches matches in text order (any may lie outside the loaded part)
 * @param {number} current the index of the match to show as current, or -1
 */
export function markedText(loaded, lo, passage, matches, current) {
  const length = codePointLength(loaded);
  const clip = n => Math.min(Math.max(n - lo, 0), length);
  const points = new Set([0, length]);
  if (passage) for (const n of [passage.start, passage.end]) points.add(clip(n));
  const shown = [];
  matches.forEach((m, i) => {
    const [start, end] = [clip(m.start), clip(m.end)];
    if (end > start) {
      shown.push({ start, end, i });
      points.add(start).add(end);
    }
  });
  const sorted = [...points].sort((a, b) => a - b);
  const index = utf16Indexes(loaded, sorted);
  const [ps, pe] = passage ? [clip(passage.start), clip(passage.end)] : [-1, -1];
  const out = [];
  const mark = ps < pe ? el('mark', { id: 'passage', class: 'passage-mark', tabindex: '-1' }) : null;
  let m = 0;
  for (let k = 0; k + 1 < sorted.length; k++) {
    const [from, to] = [sorted[k], sorted[k + 1]];
    while (m < shown.length && shown[m].end <= from) m++;
    const piece = loaded.slice(index.get(from), index.get(to));
    const match = m < shown.length && shown[m].start <= from && to <= shown[m].end ? shown[m] : null;
    const node = match
      ? el('mark', { class: match.i === current ? 'match match-current' : 'match', 'data-match': String(match.i) }, piece)
      : piece;
    if (mark && from >= ps && to <= pe) {
      mark.append(node);
      if (to === pe) out.push(mark);
    } else out.push(node);
  }
  return out;
}

/** How many code points a string holds (a surrogate pair is one). */
export function codePointLength(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) i++;
    n++;
  }
  return n;
}

/** For each code-point offset of `sorted` (ascending), its UTF-16 index in `s`. */
function utf16Indexes(s, sorted) {
  const found = new Map();
  let k = 0;
  let cp = 0;
  for (let i = 0; k < sorted.length; cp++) {
    while (k < sorted.length && sorted[k] === cp) found.set(sorted[k++], i);
    if (i >= s.length) break;
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
  }
  for (; k < sorted.length; k++) found.set(sorted[k], s.length);
  return found;
}
