// The web-capture part of the document page: the screenshot the server took (fetched with the token and shown as an
// image: the captured page's HTML and scripts are never loaded here), the HTTP provenance from the capture's
// `captured` event, and links to compare this version with the source's other versions.
import { api, clear, describe, el, shortId } from './common.js';

const $ = id => document.getElementById(id);
let shown = null;

document.addEventListener('archive-document', event => render(event.detail));
$('shot-toggle').addEventListener('click', () => {
  const whole = $('shot-frame').classList.toggle('whole');
  $('shot-toggle').textContent = whole ? 'Show less' : 'Show whole screenshot';
});

function render(doc) {
  renderVersions(doc);
  const captured = doc.events.find(e => e.type === 'captured');
  const data = captured && captured.event && captured.event.data;
  $('web-capture').hidden = !data;
  if (!data) return;
  renderHttp(data);
  if (shown !== doc.capture.id) {
    shown = doc.capture.id;
    renderShot(doc.capture.id, data.screenshot || {});
  }
}

// Gives img its source and waits until the image has loaded, with the handlers set before the source so no event is
// missed. Chromium may reject decode() of a large image under memory pressure although it loads, and the wait for
// load or error that followed such a rejection could wait for an error that had already fired (two CI runs under load
// timed out on this page). A failed load is tried twice more, after a pause, before it is reported.
async function loaded(img, src) {
  for (let attempt = 1; ; attempt++) {
    try {
      await new Promise((resolve, reject) => {
        img.onload = resolve;
        img.onerror = () => reject(new Error('the browser could not decode the image'));
        img.src = src;
      });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      img.removeAttribute('src');
      await new Promise(resolve => setTimeout(resolve, 500 * attempt));
    }
  }
}

async function renderShot(id, screenshot) {
  const img = $('shot');
  img.hidden = true;
  $('shot-toggle').hidden = true;
  $('shot-status').hidden = false;
  $('shot-status').textContent = 'Loading the screenshot…';
  try {
    const blob = await (await api(`/api/documents/${encodeURIComponent(id)}/screenshot`)).blob();
    if (blob.type !== 'image/png') throw new Error(`the screenshot came back as ${blob.type || 'an unknown type'}, not image/png`);
    // A data: URL, which the page's Content-Security-Policy allows for images (blob: it does not).
    const dataUrl = await new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    });
    await loaded(img, dataUrl);
    img.hidden = false;
    $('shot-status').hidden = true;
    $('shot-toggle').hidden = false;
    const parts = [];
    if (screenshot.width && screenshot.height) parts.push(`${screenshot.width}×${screenshot.height} px`);
    if (screenshot.page_height && screenshot.height && screenshot.page_height > screenshot.height) parts.push(`of a ${screenshot.page_height} px page`);
    if (screenshot.sha256) parts.push(shortId(screenshot.sha256));
    $('shot-size').textContent = parts.join(' · ');
    $('shot-frame').dataset.loaded = 'true';
  } catch (error) {
    $('shot-status').textContent = `No screenshot: ${describe(error)}`;
    $('shot-status').className = 'note error';
  }
}

function renderHttp(data) {
  const cert = certificate(data);
  const rows = [
    ['status', data.status !== undefined ? String(data.status) : null],
    ['requested', data.url],
    ['final URL', data.final_url && data.final_url !== data.url ? data.final_url : null],
    ['canonical', data.canonical_url],
    ['fetched', data.started_at && data.ended_at ? `${data.started_at} – ${data.ended_at}` : data.started_at],
    ['browser', data.browser && data.browser.product],
    ['recording', data.recording],
    ['exchanges', data.warc ? `${data.warc.exchanges} HTTP exchanges, ${Number(data.warc.response_bytes).toLocaleString('en')} response bytes` : null],
  ];
  if (cert) {
    rows.push(['TLS', [cert.protocol, cert.cipher].filter(Boolean).join(' · ') || null]);
    rows.push(['validation', cert.validation]);
    rows.push(['certificate', cert.subject]);
    rows.push(['issuer', cert.issuer]);
    rows.push(['valid', cert.from || cert.to ? `${cert.from || '?'} – ${cert.to || '?'}` : null]);
    rows.push(['fingerprint', cert.fingerprint]);
  } else if (typeof data.url === 'string' && data.url.startsWith('http:')) {
    rows.push(['TLS', 'none (plain http)']);
  }
  clear($('http')).append(...rows.filter(([, v]) => v !== null && v !== undefined && v !== '')
    .flatMap(([k, v]) => [el('dt', {}, k), el('dd', { class: `mono http-${k.replaceAll(' ', '-')}` }, v)]));

  const hops = Array.isArray(data.redirects) ? data.redirects.filter(h => h && h.location) : [];
  const list = clear($('redirects'));
  list.hidden = hops.length === 0;
  if (hops.length) {
    list.append(el('li', { class: 'redirects-head' }, `Redirects (${hops.length})`));
    for (const hop of hops) list.append(el('li', { class: 'redirect mono' }, `${hop.status} ${hop.url} → ${hop.location}`));
  }
  const warnings = clear($('capture-warnings'));
  for (const warning of data.warnings || []) warnings.append(el('li', { class: 'capture-warning' }, warning));
  for (const skipped of data.not_recorded || []) warnings.append(el('li', { class: 'capture-warning' }, `not recorded: ${skipped.url} (${skipped.reason})`));
}

/**
 * The page's TLS session and certificate from the captured event: `tls` lists one session per https host the page
 * reached (host, port, protocol, cipher, validation, chain leaf first); the page's own is the final URL's host and
 * port. Null for plain http or a capture made before https was recorded.
 */
function certificate(data) {
  const sessions = Array.isArray(data.tls) ? data.tls.filter(t => t && typeof t === 'object') : [];
  if (sessions.length === 0) return null;
  let page = null;
  try {
    const final = new URL(data.final_url || data.url);
    const port = Number(final.port || (final.protocol === 'https:' ? 443 : 80));
    const host = final.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    page = sessions.find(t => String(t.host).replace(/^\[|\]$/g, '').toLowerCase() === host && Number(t.port) === port) || null;
  } catch {
    page = null;
  }
  if (!page) return null;
  const leaf = Array.isArray(page.chain) && page.chain.length ? page.chain[0] : {};
  const validation = page.validation === 'valid' ? 'valid' : page.accepted_insecurely ? 'FAILED, captured with --insecure-tls' : page.validation;
  return {
    protocol: page.protocol,
    cipher: page.cipher,
    validation: [validation, ...(page.problems || [])].filter(Boolean).join('; '),
    subject: leaf.subject || null,
    issuer: leaf.issuer || null,
    from: leaf.not_before || null,
    to: leaf.not_after || null,
    fingerprint: leaf.sha256 || null,
  };
}

function renderVersions(doc) {
  const versions = [...(doc.versions || [])].sort((a, b) => a.version - b.version);
  $('versions').hidden = versions.length < 2;
  const current = doc.capture;
  clear($('version-list')).append(...versions.map(v => {
    const here = v.id === current.id;
    const label = `version ${v.version} · ${v.ingested_at.replace('T', ' ').slice(0, 16)}`;
    const older = v.version < current.version;
    const [newer, against] = older ? [current.id, v.id] : [v.id, current.id];
    return el('li', { class: here ? 'version current' : 'version' },
      here ? el('span', { 'aria-current': 'page' }, `${label} (this one)`) : el('a', { href: `/document.html?id=${encodeURIComponent(v.id)}` }, label),
      here ? null : el('a', { class: 'compare', href: `/diff.html?id=${encodeURIComponent(newer)}&against=${encodeURIComponent(against)}` }, `compare with version ${v.version}`));
  }));
}
