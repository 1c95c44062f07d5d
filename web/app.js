// web/app.js -- the annals page: one filter bar kept in the URL drives the
// timeline (uPlot), the actor network (Cytoscape.js), the map (Leaflet with
// world-atlas shapes) and the events table; a row opens its document with the
// evidence sentence and the coded words highlighted. Every request goes to the
// server's own /api/v1 (docs/serve.md); nothing is loaded from elsewhere.
'use strict';

const API = 'api/v1/';
const FILTERS = ['actor', 'src', 'tgt', 'dyad', 'directed', 'code', 'root', 'quad', 'from', 'to', 'country',
                 'place', 'q', 'min_confidence', 'outlet'];
const QUADS = { 1: 'verbal cooperation', 2: 'material cooperation', 3: 'verbal conflict', 4: 'material conflict' };
const QUAD_COLOURS = { 1: '#2b83ba', 2: '#1a9641', 3: '#fdae61', 4: '#d7191c' };
const $ = (sel) => document.querySelector(sel);

let pending = 0;
let nextCursor = null;
let hasStories = null;     // does the store hold stories (GET stories answers 200)?
let plot = null, graph = null, map = null, countryLayer = null, placeLayer = null, shapes = null;
// the country shapes are fetched at once, beside the first queries
const shapesFetch = fetch('vendor/world-atlas/countries-110m.json').then((r) => r.json());

// ---- state: the URL's query string is the filter bar ----------------------

function stateFromUrl() {
  const p = new URLSearchParams(location.search);
  const s = {};
  for (const k of FILTERS.concat(['interval', 'show'])) if (p.get(k)) s[k] = p.get(k);
  return s;
}

function fillForm(s) {
  const f = $('#filters');
  for (const el of f.elements) {
    if (!el.name) continue;
    if (el.name === 'quad') el.checked = (s.quad || '').split(',').includes(el.value);
    else if (el.name === 'either') el.checked = s.directed === '0';
    else if (el.name === 'interval') el.value = s.interval || 'month';
    else el.value = s[el.name] || '';
  }
}

function stateFromForm() {
  const f = $('#filters');
  const s = {};
  const quads = [];
  for (const el of f.elements) {
    if (!el.name) continue;
    if (el.name === 'quad') { if (el.checked) quads.push(el.value); }
    else if (el.name === 'either') { if (el.checked) s.directed = '0'; }
    else if (el.name === 'interval') { if (el.value !== 'month') s.interval = el.value; }
    else if (el.value.trim()) s[el.name] = el.value.trim();
  }
  if (quads.length) s.quad = quads.join(',');
  if (!s.dyad) delete s.directed;
  const now = stateFromUrl();
  if (now.show) s.show = now.show;
  return s;
}

function qs(s, extra) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(Object.assign({}, s, extra || {}))) p.set(k, v);
  return p.toString();
}

function go(s) {
  const q = qs(s);
  history.pushState(null, '', q ? '?' + q : location.pathname);
  load();
}

// ---- fetching with a progress bar and error messages ------------------------

async function api(path) {
  pending++;
  $('#busy').hidden = false;
  document.body.setAttribute('aria-busy', 'true');
  try {
    const r = await fetch(API + path);
    const body = await r.json().catch(() => ({ error: 'the server answered ' + r.status }));
    if (!r.ok) throw new Error(body.error || ('status ' + r.status));
    return body;
  } finally {
    if (--pending === 0) {
      $('#busy').hidden = true;
      document.body.removeAttribute('aria-busy');
    }
  }
}

function showError(msg) {
  $('#error').textContent = msg;
  $('#error').hidden = false;
}

// api(path), or null with the message shown
async function apiOrShow(path) {
  try { return await api(path); } catch (e) { showError(e.message); return null; }
}

function empty(section, msg) {
  const p = document.querySelector(section + ' .empty');
  p.hidden = !msg;
  p.textContent = msg || '';
}

const NOTHING = 'No events match these filters. Remove a filter, or widen the dates.';

async function load() {
  const s = stateFromUrl();
  fillForm(s);
  $('#error').hidden = true;
  document.body.dataset.ready = '0';
  const base = Object.assign({}, s);
  delete base.interval;
  delete base.show;
  try {
    const stories = s.show === 'stories';
    const [known, events, timeline, network, geo] = await Promise.all([
      hasStories === null ? fetch(API + 'stories?limit=1').then((r) => r.ok, () => false) : hasStories,
      stories ? api('stories?' + qs(base, { limit: 50, sort: '-date' }))
              : api('events?' + qs(base, { limit: 50, sort: '-date' })),
      api('timeline?' + qs(base, { interval: s.interval || 'month' })),
      api('network?' + qs(base, { limit: 60 })),
      api('geo?' + qs(base)),
    ]);
    hasStories = known;
    $('#show').hidden = !hasStories;
    const r = events.data_range;
    $('#summary').textContent = `Store: ${r.events} events from ${r.from || '?'} to ${r.to || '?'}.` +
      (Object.keys(base).length ? ' Filtered by ' + Object.entries(base).map(([k, v]) => `${k}=${v}`).join(', ') + '.'
                                : ' No filter.');
    showTable(stories);
    if (stories) drawStories(events, false);
    else drawTable(events, false);
    drawTimeline(timeline);
    drawNetwork(network);
    await drawMap(geo);
  } catch (e) {
    showError('The query failed: ' + e.message);
  }
  if (!document.body.dataset.firstMs) document.body.dataset.firstMs = String(Math.round(performance.now()));
  document.body.dataset.ready = '1';
}

// ---- events table -----------------------------------------------------------

function cell(tr, text, cls) {
  const td = document.createElement('td');
  td.textContent = text == null ? '' : text;
  if (cls) td.className = cls;
  tr.appendChild(td);
  return td;
}

function drawTable(page, append) {
  const tbody = $('#events tbody');
  if (!append) tbody.textContent = '';
  for (const e of page.events) {
    const tr = document.createElement('tr');
    tr.dataset.id = e.id;
    tr.dataset.doc = e.doc_id;
    cell(tr, e.date + (e.date_from_document ? ' (doc.)' : ''), 'q' + e.quad_class);
    cell(tr, `${e.src || '?'} ${e.src_text ? '(' + e.src_text + ')' : ''}`);
    cell(tr, `${e.code} ${e.root_name || ''}`);
    cell(tr, `${e.tgt || '?'} ${e.tgt_text ? '(' + e.tgt_text + ')' : ''}`);
    cell(tr, e.goldstein);
    cell(tr, e.evidence);
    activate(tr, () => openDocument(e.doc_id, e.id));
    tbody.appendChild(tr);
  }
  nextCursor = page.next_cursor;
  $('#more').hidden = !nextCursor;
  empty('#table-view', tbody.children.length ? '' : NOTHING);
}

function showTable(stories) {
  $('#events').hidden = stories;
  $('#stories').hidden = !stories;
  $('#table-title').textContent = stories ? 'Stories' : 'Events';
  $('#table-hint').textContent = stories ? 'Enter or click opens the story: its reports side by side'
                                         : 'Enter or click opens the document with the evidence';
  $('#show-events').setAttribute('aria-pressed', String(!stories));
  $('#show-stories').setAttribute('aria-pressed', String(stories));
}

function activate(tr, open) {
  tr.tabIndex = 0;
  tr.addEventListener('click', open);
  tr.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); open(); } });
}

function drawStories(page, append) {
  const tbody = $('#stories tbody');
  if (!append) tbody.textContent = '';
  for (const st of page.stories) {
    const tr = document.createElement('tr');
    tr.dataset.id = st.id;
    cell(tr, st.date, 'q' + st.quad_class);
    cell(tr, `${st.src || '?'} ${st.src_text ? '(' + st.src_text + ')' : ''}`);
    cell(tr, `${st.code} ${st.root_name || ''}`);
    cell(tr, `${st.tgt || '?'} ${st.tgt_text ? '(' + st.tgt_text + ')' : ''}`);
    cell(tr, st.n_mentions);
    cell(tr, st.n_sources);
    cell(tr, (st.disagreements || []).map((x) => x.field).join(', '));
    activate(tr, () => openStory(st.id));
    tbody.appendChild(tr);
  }
  nextCursor = page.next_cursor;
  $('#more').hidden = !nextCursor;
  empty('#table-view', tbody.children.length ? '' : NOTHING);
}

async function more() {
  const s = stateFromUrl();
  const stories = s.show === 'stories';
  delete s.interval;
  delete s.show;
  const page = await apiOrShow((stories ? 'stories?' : 'events?') + qs(s, { limit: 50, sort: '-date', cursor: nextCursor }));
  if (page && stories) drawStories(page, true);
  else if (page) drawTable(page, true);
}

// ---- the document with its evidence -------------------------------------------

// Writes text into box with marks: [{a, b, main, spans}] byte ranges of the UTF-8
// text (as the API gives them); a main mark is the evidence (the first gets the id
// firstId when given), with its spans ({src: [a, b], ...}) marked inside. Returns
// the first main mark.
function renderMarked(box, text, marks, firstId) {
  // offsets are bytes of the UTF-8 text: cut the bytes, then decode each piece
  const bytes = new TextEncoder().encode(text || '');
  const dec = new TextDecoder();
  const piece = (a, b) => dec.decode(bytes.subarray(a, b));
  box.textContent = '';
  let at = 0;
  let first = null;
  for (const m of [...marks].sort((x, y) => x.a - y.a)) {
    if (m.a < at || m.b > bytes.length) continue;
    box.appendChild(document.createTextNode(piece(at, m.a)));
    const mark = document.createElement('mark');
    mark.className = 'evidence' + (m.main ? '' : ' other');
    if (m.main) {
      mark.title = 'evidence';
      if (!first) { if (firstId) mark.id = firstId; first = mark; }
      // the source, verb and target words inside it
      // (one range can be two roles: "the two presidents" met each other)
      const byRange = new Map();
      for (const [role, [a, b]] of Object.entries(m.spans || {})) {
        if (a < m.a || b > m.b) continue;
        const k = a + ':' + b;
        if (byRange.has(k)) byRange.get(k).roles.push(role);
        else byRange.set(k, { a, b, roles: [role] });
      }
      let p = m.a;
      for (const sp of [...byRange.values()].sort((x, y) => x.a - y.a)) {
        if (sp.a < p) continue;
        mark.appendChild(document.createTextNode(piece(p, sp.a)));
        const w = document.createElement('mark');
        w.className = sp.roles.map((r) => 'span-' + r).join(' ');
        w.title = sp.roles.join(' and ');
        w.textContent = piece(sp.a, sp.b);
        mark.appendChild(w);
        p = sp.b;
      }
      mark.appendChild(document.createTextNode(piece(p, m.b)));
    } else mark.textContent = piece(m.a, m.b);
    box.appendChild(mark);
    at = m.b;
  }
  box.appendChild(document.createTextNode(piece(at, bytes.length)));
  return first;
}

async function openDocument(docId, eventId) {
  const d = await apiOrShow('documents/' + docId);
  if (!d) return;
  const doc = d.document;
  const ev = d.events.find((e) => e.id === eventId) || d.events[0];
  $('#doc-title').textContent = doc.name;
  $('#doc-meta').textContent = [doc.pub_date, doc.outlet, doc.url].filter(Boolean).join(' · ');
  $('#doc-event').textContent = ev
    ? `${ev.src || '?'} → ${ev.tgt || '?'}: ${ev.code} ${ev.root_name || ''}, Goldstein ${ev.goldstein}, ` +
      `confidence ${ev.confidence == null ? '?' : ev.confidence}, date ${ev.date || '?'}${ev.place ? ', ' + ev.place : ''}`
    : 'No events in this document.';
  // the chosen event's sentence (with its words), the other events' sentences lighter
  const marks = [];
  const seen = new Set();
  for (const e of d.events) {
    if (e.sentence_start == null || seen.has(e.sentence)) continue;
    if (e.id !== (ev && ev.id) && ev && e.sentence === ev.sentence) continue;
    seen.add(e.sentence);
    const main = !!ev && e.sentence === ev.sentence;
    marks.push({ a: e.sentence_start, b: e.sentence_end, main, spans: main ? ev.spans : null });
  }
  const main = renderMarked($('#doc-text'), doc.text, marks, 'evidence');
  const dlg = $('#doc');
  if (!dlg.open) dlg.showModal();
  if (main) main.scrollIntoView({ block: 'center' });
}

// ---- a story: its reports side by side ------------------------------------------

async function openStory(id) {
  const d = await apiOrShow('stories/' + id);
  if (!d) return;
  const st = d.story;
  $('#story-title').textContent = `${st.src || '?'} → ${st.tgt || '?'}: ${st.code} ${st.root_name || ''}`;
  $('#story-meta').textContent = `${st.date || 'no date'}${st.place ? ', ' + st.place : ''} · Goldstein ${st.goldstein} · ` +
    `${st.n_mentions} mentions in ${st.n_articles} articles from ${st.n_sources} sources`;
  const dis = $('#story-disagree');
  dis.textContent = '';
  for (const x of st.disagreements || []) {
    const p = document.createElement('p');
    p.className = 'disagreement';
    p.textContent = `Reports disagree on ${x.field}: ` +
      x.values.map((v) => `${v.value == null ? 'none' : v.value} (documents ${v.docs.join(', ')})`).join(' vs ');
    dis.appendChild(p);
  }
  const box = $('#story-reports');
  box.textContent = '';
  let first = null;
  for (const doc of d.documents) {
    const col = document.createElement('article');
    col.className = 'report';
    col.dataset.doc = doc.id;
    col.tabIndex = 0;
    const h = document.createElement('h3');
    const outlets = [...new Set([doc.outlet].concat((doc.sources || []).map((x) => x.outlet)).filter(Boolean))];
    h.textContent = `${doc.name} · ${doc.pub_date || 'no date'}${outlets.length ? ' · ' + outlets.join(', ') : ''}` +
      (doc.copy_of ? ` (copy of ${doc.copy_of})` : '');
    const text = document.createElement('div');
    text.className = 'text';
    const marks = d.mentions.filter((m) => m.doc_id === doc.id && m.sentence_start != null)
      .map((m) => ({ a: m.sentence_start, b: m.sentence_end, main: true, spans: m.spans }));
    const f = renderMarked(text, doc.text, marks);
    if (!first) first = f;
    col.append(h, text);
    box.appendChild(col);
  }
  const dlg = $('#story');
  if (!dlg.open) dlg.showModal();
  if (first) first.scrollIntoView({ block: 'center' });
}

// ---- timeline ---------------------------------------------------------------

function drawTimeline(t) {
  const el = $('#timeline');
  if (plot) { plot.destroy(); plot = null; }
  if (!t.timeline.length) { empty('#timeline-view', NOTHING); return; }
  empty('#timeline-view', '');
  const periods = [...new Set(t.timeline.map((r) => r.t))].sort();
  const xs = periods.map((p) => Date.parse(p.length === 7 ? p + '-01' : p) / 1000);
  const idx = new Map(periods.map((p, i) => [p, i]));
  const counts = [1, 2, 3, 4].map(() => periods.map(() => 0));
  const gsum = periods.map(() => 0), gn = periods.map(() => 0);
  for (const r of t.timeline) {
    const i = idx.get(r.t);
    if (r.quad_class >= 1 && r.quad_class <= 4) counts[r.quad_class - 1][i] += r.n;
    gsum[i] += r.mean_goldstein * r.n;
    gn[i] += r.n;
  }
  // stacked: each series is the sum of its class and those below; drawn top first
  const stacked = [];
  let acc = periods.map(() => 0);
  for (let q = 0; q < 4; q++) { acc = acc.map((v, i) => v + counts[q][i]); stacked.push(acc); }
  const mean = gn.map((n, i) => (n ? +(gsum[i] / n).toFixed(2) : null));
  const series = [{}];
  const data = [xs];
  for (let q = 4; q >= 1; q--) {
    series.push({ label: QUADS[q], stroke: QUAD_COLOURS[q], fill: QUAD_COLOURS[q] + 'cc',
                  paths: uPlot.paths.stepped({ align: 1 }), value: (u, v, si, i) => (i == null ? '' : counts[q - 1][i]) });
    data.push(stacked[q - 1]);
  }
  series.push({ label: 'mean Goldstein', stroke: '#333', width: 2, dash: [4, 3], scale: 'g' });
  data.push(mean);
  const opts = {
    width: el.clientWidth || 600, height: 280,
    series,
    scales: { g: { range: [-10, 10] } },
    axes: [{}, { label: 'events' }, { side: 1, scale: 'g', label: 'Goldstein', grid: { show: false } }],
    cursor: { drag: { x: true, y: false, setScale: false } },
    hooks: {
      setSelect: [(u) => {
        if (u.select.width < 5) return;
        const a = u.posToVal(u.select.left, 'x'), b = u.posToVal(u.select.left + u.select.width, 'x');
        const day = (v) => new Date(v * 1000).toISOString().slice(0, 10);
        const s = stateFromUrl();
        s.from = day(a);
        s.to = day(b);
        go(s);
      }],
    },
  };
  plot = new uPlot(opts, data, el);
}

// ---- network ----------------------------------------------------------------

// A table of rows for the keyboard beside a drawing: each row's first cell a
// button that filters by it (Enter or Space presses it), the rest plain text.
function keyRows(tbody, rows, label, filter, cells) {
  tbody.replaceChildren(...rows.map((x) => {
    const tr = document.createElement('tr');
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label(x);
    b.addEventListener('click', () => { const s = stateFromUrl(); filter(s, x); go(s); });
    const td = document.createElement('td');
    td.append(b);
    tr.append(td, ...cells(x).map((v) => { const c = document.createElement('td'); c.textContent = v ?? ''; return c; }));
    return tr;
  }));
}

function goldsteinColour(g) {
  // -10 red .. 0 grey .. +10 blue
  const t = Math.max(-1, Math.min(1, g / 10));
  const mix = (a, b, f) => Math.round(a + (b - a) * f);
  const [r, gr, b] = t < 0 ? [mix(150, 215, -t), mix(150, 25, -t), mix(150, 28, -t)]
                           : [mix(150, 43, t), mix(150, 131, t), mix(150, 186, t)];
  return `rgb(${r},${gr},${b})`;
}

function drawNetwork(n) {
  if (graph) { graph.destroy(); graph = null; }
  keyRows($('#network-edges tbody'), n.edges, (e) => `${e.src} \u2192 ${e.tgt}`,
          (s, e) => { s.dyad = e.src + ',' + e.tgt; delete s.directed; }, (e) => [e.n, e.mean_goldstein]);
  keyRows($('#network-nodes tbody'), n.nodes, (x) => x.code, (s, x) => { s.actor = x.code; }, (x) => [x.n_src, x.n_tgt]);
  $('#network-keys').hidden = !n.edges.length;
  if (!n.edges.length) { empty('#network-view', NOTHING); return; }
  empty('#network-view', '');
  const maxN = Math.max(...n.nodes.map((x) => x.n));
  const elements = n.nodes.map((x) => ({ data: { id: x.code, n: x.n, size: 18 + 40 * Math.sqrt(x.n / maxN) } }))
    .concat(n.edges.map((e) => ({ data: { id: e.src + '>' + e.tgt, source: e.src, target: e.tgt, n: e.n,
                                          colour: goldsteinColour(e.mean_goldstein), g: e.mean_goldstein } })));
  graph = cytoscape({
    container: $('#network'),
    elements,
    layout: { name: 'cose', animate: false, randomize: false, nodeRepulsion: 9000 },
    style: [
      { selector: 'node', style: { label: 'data(id)', width: 'data(size)', height: 'data(size)', 'font-size': 10,
                                   'background-color': '#6b7b8c', color: '#111', 'text-valign': 'center' } },
      { selector: 'edge', style: { width: 'mapData(n, 1, 10, 1, 7)', 'line-color': 'data(colour)',
                                   'target-arrow-color': 'data(colour)', 'target-arrow-shape': 'triangle',
                                   'curve-style': 'bezier', opacity: 0.85 } },
    ],
    wheelSensitivity: 0.3,
  });
  graph.on('tap', 'edge', (ev) => {
    const d = ev.target.data();
    const s = stateFromUrl();
    s.dyad = d.source + ',' + d.target;
    delete s.directed;
    go(s);
  });
  graph.on('tap', 'node', (ev) => { const s = stateFromUrl(); s.actor = ev.target.id(); go(s); });
}

// ---- map --------------------------------------------------------------------

async function drawMap(g) {
  if (!map) {
    map = L.map('map', { worldCopyJump: true, attributionControl: false }).setView([35, 60], 2);
    const topo = await shapesFetch;
    shapes = topojson.feature(topo, topo.objects.countries);
  }
  if (countryLayer) countryLayer.remove();
  if (placeLayer) placeLayer.remove();
  keyRows($('#map-countries tbody'), g.countries, (c) => c.country, (s, c) => { s.country = c.country; },
          (c) => [c.n, c.mean_goldstein]);
  keyRows($('#map-places tbody'), g.places, (p) => p.place, (s, p) => { s.place = p.place; },
          (p) => [p.country, p.n, p.mean_goldstein]);
  $('#map-keys').hidden = !g.places.length;
  const byCountry = new Map(g.countries.map((c) => [c.country, c]));
  const maxC = Math.max(1, ...g.countries.map((c) => c.n));
  countryLayer = L.geoJSON(shapes, {
    style: (f) => {
      const c = byCountry.get(f.id);
      return { color: '#999', weight: 0.5, fillColor: c ? '#b30000' : '#eee',
               fillOpacity: c ? 0.15 + 0.6 * (c.n / maxC) : 0.6 };
    },
    onEachFeature: (f, layer) => {
      const c = byCountry.get(f.id);
      layer.bindTooltip(`${f.properties.name}${c ? ': ' + c.n + ' events' : ''}`);
      if (f.id) layer.on('click', () => { const s = stateFromUrl(); s.country = f.id; go(s); });
    },
  }).addTo(map);
  const maxP = Math.max(1, ...g.places.map((p) => p.n));
  placeLayer = L.layerGroup(g.places.filter((p) => p.lat != null).map((p) =>
    L.circleMarker([p.lat, p.lon], { radius: 4 + 10 * Math.sqrt(p.n / maxP), color: goldsteinColour(p.mean_goldstein),
                                     weight: 2, fillOpacity: 0.6 })
      .bindTooltip(`${p.place} (${p.country}): ${p.n} events, mean Goldstein ${p.mean_goldstein}`)
      .on('click', () => { const s = stateFromUrl(); s.place = p.place; go(s); }))).addTo(map);
  empty('#map-view', g.places.length ? '' : 'No event with a known place matches these filters (events without a place are not on the map).');
  map.invalidateSize();
}

// ---- wiring -----------------------------------------------------------------

$('#filters').addEventListener('submit', (ev) => { ev.preventDefault(); go(stateFromForm()); });
$('#clear').addEventListener('click', () => go({}));
$('#more').addEventListener('click', more);
$('#show-events').addEventListener('click', () => { const s = stateFromUrl(); delete s.show; go(s); });
$('#show-stories').addEventListener('click', () => { const s = stateFromUrl(); s.show = 'stories'; go(s); });
window.addEventListener('popstate', load);
load();
