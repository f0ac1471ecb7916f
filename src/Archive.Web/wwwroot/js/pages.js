// The original page beside the text (PDFs and images): GET /api/documents/{id}/pages says how many pages there are
// and where the passage in the URL (start, end) is; each page is fetched as a PNG with the bearer token and shown as a
// data: URL (the page's CSP allows images from 'self' and data: only). The passage's lines are boxed over the image in
// percent of the page's size, so the boxes stay on the words at any width. #page-view's data-state says where it is:
// loading, ready or error (none: no pages to show), for tests.
import { api, apiJson, clear, el, params, ready, showError } from './common.js';

const $ = id => document.getElementById(id);
const WIDTH = 1000;
let pages = null;
let current = 1;
let shown = 0;

document.addEventListener('archive-token', start);
start();

async function start() {
  const id = params().get('id');
  const view = $('page-view');
  if (!id || !view) return;
  await ready();
  const from = Number.parseInt(params().get('start'), 10);
  const to = Number.parseInt(params().get('end'), 10);
  const range = Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to > from ? `?start=${from}&end=${to}` : '';
  try {
    pages = await apiJson(`/api/documents/${encodeURIComponent(id)}/pages${range}`);
  } catch {
    // A range the text does not have: show the pages without a passage rather than none.
    try {
      pages = range ? await apiJson(`/api/documents/${encodeURIComponent(id)}/pages`) : null;
    } catch {
      pages = null;
    }
  }
  if (!pages || pages.count === 0) {
    view.dataset.state = 'none';
    view.hidden = true;
    $('reading').classList.remove('has-pages');
    return;
  }
  current = pages.passage ? pages.passage.page : 1;
  build(view);
  $('reading').classList.add('has-pages');
  view.hidden = false;
  await show(current);
}

function build(view) {
  clear(view).append(
    el('div', { class: 'page-nav' },
      el('button', { type: 'button', id: 'page-prev', onclick: () => show(current - 1), 'aria-label': 'Previous page' }, '‹ Previous'),
      el('span', { id: 'page-label', class: 'page-label', role: 'status' }),
      el('button', { type: 'button', id: 'page-next', onclick: () => show(current + 1), 'aria-label': 'Next page' }, 'Next ›')),
    el('div', { id: 'page-frame', class: 'page-frame' }, el('img', { id: 'page-image', alt: '' })),
    el('p', { id: 'page-note', class: 'note' }),
    el('div', { id: 'page-status' }));
}

/** Shows page n: fetches its PNG, then places the passage's line boxes that fall on it. */
async function show(n) {
  if (!pages || n < 1 || n > pages.count) return;
  const view = $('page-view');
  const ticket = ++shown;
  current = n;
  view.dataset.state = 'loading';
  view.dataset.page = String(n);
  $('page-prev').disabled = n <= 1;
  $('page-next').disabled = n >= pages.count;
  $('page-label').textContent = `Page ${n} of ${pages.count}`;
  clear($('page-status'));
  const frame = $('page-frame');
  for (const mark of frame.querySelectorAll('.page-mark')) mark.remove();
  try {
    const response = await api(`/api/documents/${encodeURIComponent(pages.capture)}/pages/${n}.png?width=${WIDTH}`);
    const url = await dataUrl(await response.blob());
    if (ticket !== shown) return;
    const image = $('page-image');
    image.alt = `Page ${n} of the original`;
    await new Promise((resolve, reject) => {
      image.onload = resolve;
      image.onerror = () => reject(new Error('the page image could not be shown'));
      image.src = url;
    });
    if (ticket !== shown) return;
    const marks = marksOn(n);
    frame.append(...marks);
    $('page-note').textContent = marks.length
      ? 'The boxes mark the passage on the original page.'
      : pages.passage ? `The passage is on page ${pages.passage.page}.` : 'The original page; select text beside it to cite.';
    view.dataset.state = 'ready';
  } catch (error) {
    if (ticket !== shown) return;
    showError($('page-status'), error);
    view.dataset.state = 'error';
  }
}

/** One box per line of the passage on page n, in percent of the page's width and height. */
function marksOn(n) {
  const passage = pages.passage;
  if (!passage) return [];
  const pct = (value, whole) => `${Math.max(0, Math.min(100, (value / whole) * 100)).toFixed(3)}%`;
  const [width, height] = n === passage.page ? [passage.page_width, passage.page_height] : [pages.pages[n - 1].width, pages.pages[n - 1].height];
  return passage.lines.filter(line => line.page === n).map(line => {
    const mark = el('span', { class: 'page-mark', 'aria-hidden': 'true' });
    mark.style.left = pct(line.x0, width);
    mark.style.top = pct(line.y0, height);
    mark.style.width = pct(line.x1 - line.x0, width);
    mark.style.height = pct(line.y1 - line.y0, height);
    return mark;
  });
}

function dataUrl(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}
