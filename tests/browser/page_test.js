// tests/browser/page_test.js -- the annals web page in a real browser.
//
// usage: node tests/browser/page_test.js BASE_URL OUT_DIR CHROMIUM [FIRST_VIEW_LIMIT_MS]
// Drives headless Chromium (Debian's chromium, through playwright-core) on a
// running `annals serve`: the first view must be complete (timeline, network,
// map and table drawn) in under FIRST_VIEW_LIMIT_MS (default 1000; 0: only
// reported) in the best of three fresh loads; under the network and the map, a
// table of their dyads and countries must be reached with Tab and filter by
// one with Enter; dragging across the timeline must set the dates and the table
// follow; filtering by a dyad from the filter bar (keyboard: type, Enter) must
// put it in the URL and show only that dyad's events; Enter on a row must open
// its document with the evidence sentence highlighted (the <mark> holds
// exactly the event's evidence) and the coded words marked inside it; in the
// stories table, filtering by a dyad and opening its story must show its
// reports side by side, each with the evidence of the story's mentions
// highlighted, and the fields its reports disagree on; an impossible filter
// shows the empty states; a bad one the server's message; Back restores the
// previous filters. Screenshots of each view go to OUT_DIR. Prints ok/FAIL
// lines; exit status 1 on any FAIL.
'use strict';
const path = require('path');
const fs = require('fs');
const { chromium } = require('playwright-core');

const [base, outDir, exe, limitArg] = process.argv.slice(2);
const limit = limitArg === undefined ? 1000 : Number(limitArg);
let fails = 0;
function check(what, cond, detail) {
  if (cond) console.log('ok   ' + what);
  else { fails++; console.log('FAIL ' + what + (detail !== undefined ? ': ' + JSON.stringify(detail).slice(0, 300) : '')); }
}

async function ready(page) {
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 15000 });
}

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({ executablePath: exe, headless: true,
                                          args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const outside = [];
  page.on('request', (r) => { if (!r.url().startsWith(base)) outside.push(r.url()); });

  // ---- first view ----
  // from the start of the navigation (the page's performance clock) to the views
  // drawn, in three fresh browser contexts (no cache): the best of the three must
  // be under the limit, so that one load slowed by other work on the machine does
  // not decide; all three are printed
  const times = [];
  for (let i = 0; i < 3; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const p = await ctx.newPage();
    await p.goto(base + '/', { waitUntil: 'domcontentloaded' });
    await ready(p);
    times.push(Number(await p.evaluate(() => document.body.dataset.firstMs)));
    await ctx.close();
  }
  const ms = Math.min(...times);
  check(`first view complete in ${ms} ms from navigation start, best of ${times.join(', ')} ms ` +
        `(${limit ? '< ' + limit : 'not limited: a sanitizer build'})`, ms > 0 && (!limit || ms < limit), times);
  await page.goto(base + '/', { waitUntil: 'domcontentloaded' });
  await ready(page);
  const drawn = await page.evaluate(() => ({
    rows: document.querySelectorAll('#events tbody tr').length,
    timeline: !!document.querySelector('#timeline canvas'),
    network: !!document.querySelector('#network canvas'),
    countries: document.querySelectorAll('#map path.leaflet-interactive').length,
    error: document.querySelector('#error').hidden ? '' : document.querySelector('#error').textContent,
  }));
  check('first view: table rows, timeline, network, map drawn, no error',
        drawn.rows > 0 && drawn.timeline && drawn.network && drawn.countries > 100 && !drawn.error, drawn);
  for (const v of ['timeline', 'network', 'map', 'table']) {
    await page.locator('#' + v + '-view').screenshot({ path: path.join(outDir, v + '.png') });
  }
  await page.screenshot({ path: path.join(outDir, 'page.png'), fullPage: true });

  // ---- the network and the map from the keyboard: their tables ----
  // Tab to the summary under the drawing, Enter opens it, Tab to the first
  // row's button, Enter filters by it
  for (const [keys, table, api, param, want] of [
    ['#network-keys', '#network-edges', 'network?limit=60', 'dyad', (d) => d.edges[0].src + ',' + d.edges[0].tgt],
    ['#map-keys', '#map-countries', 'geo', 'country', (d) => d.countries[0].country]]) {
    const data = await page.evaluate(async (p) => (await (await fetch('api/v1/' + p)).json()), api);
    const value = want(data);
    const n = await page.$$eval(table + ' tbody tr button', (bs) => bs.length);
    await page.locator(keys + ' summary').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement.textContent);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => new URL(u).searchParams.get(param) === value);
    await ready(page);
    const rows = await page.$$eval('#events tbody tr', (trs) => trs.length);
    check(`${keys}: a row for each of the view's ${table === '#network-edges' ? 'dyads' : 'countries'} (${n}); ` +
          `Tab and Enter on the first (${focused}) filter by ${param}=${value}`,
          n === (table === '#network-edges' ? data.edges.length : data.countries.length) && n > 0 && rows > 0,
          { n, focused, rows });
    await page.locator(keys).screenshot({ path: path.join(outDir, keys.slice(1) + '.png') });
    await page.goBack();
    await ready(page);
  }

  // ---- brushing the timeline sets the dates ----
  await page.evaluate(() => window.scrollTo(0, 0));
  const over = await page.locator('#timeline .u-over').boundingBox();
  await page.mouse.move(over.x + over.width * 0.3, over.y + over.height / 2);
  await page.mouse.down();
  await page.mouse.move(over.x + over.width * 0.6, over.y + over.height / 2, { steps: 8 });
  await page.mouse.up();
  await page.waitForURL(/from=.*to=/);
  await ready(page);
  const range = await page.evaluate(() => [document.querySelector('input[name=from]').value,
                                           document.querySelector('input[name=to]').value]);
  const rows2 = await page.$$eval('#events tbody tr td:first-child', (tds) => tds.map((td) => td.textContent.slice(0, 10)));
  check(`dragging across the timeline zooms to ${range[0]}..${range[1]} and the table follows`,
        /^\d{4}-\d\d-\d\d$/.test(range[0]) && range[0] < range[1] &&
        rows2.every((d) => d >= range[0] && d <= range[1]), { range, rows2 });
  await page.goBack();
  await ready(page);

  // ---- filter by dyad, from the keyboard ----
  await page.locator('input[name=dyad]').focus();
  await page.keyboard.type('KAZGOV,RUSGOV');
  await page.keyboard.press('Enter');
  await page.waitForURL(/dyad=KAZGOV%2CRUSGOV/);
  await ready(page);
  const api = await page.evaluate(async () => (await (await fetch('api/v1/events?dyad=KAZGOV,RUSGOV&limit=1000')).json()));
  const rows = await page.$$eval('#events tbody tr', (trs) => trs.map((tr) => [tr.children[1].textContent, tr.children[3].textContent]));
  check(`dyad filter: the table shows the dyad's ${api.count} events and only them`,
        api.count > 0 && rows.length === api.count &&
        rows.every(([s, t]) => s.startsWith('KAZGOV') && t.startsWith('RUSGOV')), { rows, count: api.count });
  const nodes = await page.evaluate(() => document.querySelectorAll('#network canvas').length);
  check('dyad filter: the network is redrawn', nodes > 0);
  await page.locator('#network-view').screenshot({ path: path.join(outDir, 'network-dyad.png') });

  // ---- open an event: Enter on its row ----
  const firstId = Number(await page.getAttribute('#events tbody tr', 'data-id'));
  const first = api.events.find((e) => e.id === firstId);
  await page.locator('#events tbody tr').first().focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('dialog#doc[open] mark#evidence');
  const shown = await page.evaluate(() => ({
    evidence: document.querySelector('mark#evidence').textContent,
    words: [...document.querySelectorAll('mark#evidence mark')].map((m) => [m.className, m.textContent]),
    title: document.querySelector('#doc-title').textContent,
  }));
  check('the document opens with the evidence sentence highlighted', first && shown.evidence === first.evidence,
        { shown: shown.evidence, want: first && first.evidence });
  // the words the API found in the sentence (spans), each marked with its role
  const doc = await page.evaluate(async (id) => (await (await fetch('api/v1/documents/' + id)).json()), first && first.doc_id);
  const spans = Object.keys((doc.events.find((e) => e.id === firstId) || {}).spans || {});
  const words = { src: first && first.src_text, tgt: first && first.tgt_text, verb: first && first.verb_text };
  check(`the coded words (${spans.join(', ')}) are marked inside it`,
        spans.length >= 2 && spans.every((r) => shown.words.some(([c, w]) => c.split(' ').includes('span-' + r) && w === words[r])),
        { spans, marks: shown.words });
  check('the dialog names the document', first && shown.title === first.doc, shown.title);
  await page.locator('dialog#doc').screenshot({ path: path.join(outDir, 'document.png') });
  await page.keyboard.press('Escape');
  check('Escape closes the document', !(await page.evaluate(() => document.querySelector('dialog#doc').open)));

  // ---- stories: filter by a dyad, open the story, its reports side by side ----
  await page.goto(base + '/', { waitUntil: 'domcontentloaded' });
  await ready(page);
  await page.click('#show-stories');
  await page.waitForURL(/show=stories/);
  await ready(page);
  // the dyad of the story with the most reports
  const all = await page.evaluate(async () => (await (await fetch('api/v1/stories?limit=1000')).json()));
  const best = all.stories.filter((x) => x.src && x.tgt).sort((x, y) => y.n_articles - x.n_articles || x.id - y.id)[0];
  const dyad = best.src + ',' + best.tgt;
  await page.locator('input[name=dyad]').fill(dyad);
  await page.locator('input[name=dyad]').press('Enter');
  await page.waitForURL((u) => u.search.includes('dyad=' + encodeURIComponent(dyad)));
  await ready(page);
  const sapi = await page.evaluate(async (d) => (await (await fetch('api/v1/stories?sort=-date&dyad=' + d)).json()), dyad);
  const srows = await page.$$eval('#stories tbody tr', (trs) => trs.map((tr) => Number(tr.dataset.id)));
  check(`stories, dyad filter ${dyad}: the table lists the dyad's ${sapi.count} stories`,
        sapi.count > 0 && JSON.stringify(srows) === JSON.stringify(sapi.stories.map((x) => x.id)), { srows, sapi: sapi.count });
  const target = sapi.stories.find((x) => x.id === best.id);
  const full = await page.evaluate(async (id) => (await (await fetch('api/v1/stories/' + id)).json()), target.id);
  await page.locator(`#stories tbody tr[data-id="${target.id}"]`).focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('dialog#story[open] .report mark.evidence');
  const story = await page.evaluate(() => ({
    reports: [...document.querySelectorAll('#story-reports .report')].map((r) => ({
      doc: Number(r.dataset.doc), marks: [...r.querySelectorAll('mark.evidence')].map((m) => m.textContent) })),
    disagree: document.querySelector('#story-disagree').textContent,
  }));
  const want = full.documents.map((d) => ({ doc: d.id,
    marks: [...new Set(full.mentions.filter((m) => m.doc_id === d.id).map((m) => m.evidence))] }));
  check(`the story opens with its ${want.length} report(s) side by side, each with the evidence highlighted`,
        story.reports.length === want.length && want.length >= Math.min(2, best.n_articles) && story.reports.every((r, i) => r.doc === want[i].doc &&
          want[i].marks.every((e) => r.marks.includes(e)) && r.marks.length > 0), { story, want });
  const fields = (target.disagreements || []).map((x) => x.field);
  check(`the fields its reports disagree on are shown (${fields.join(', ') || 'none'})`,
        fields.every((f) => story.disagree.includes('disagree on ' + f)) && (fields.length > 0) === (story.disagree !== ''),
        story.disagree);
  await page.locator('dialog#story').screenshot({ path: path.join(outDir, 'story.png') });
  await page.keyboard.press('Escape');

  // ---- Back restores the unfiltered page ----
  await page.goBack();
  await ready(page);
  check('Back: the dyad filter is gone from the URL and the form, the stories table stays',
        !page.url().includes('dyad') && page.url().includes('show=stories') &&
        (await page.inputValue('input[name=dyad]')) === '' && !(await page.isHidden('#stories')), page.url());

  // ---- empty states and a bad filter ----
  await page.goto(base + '/?actor=ZZZ', { waitUntil: 'domcontentloaded' });
  await ready(page);
  const empties = await page.$$eval('section .empty', (ps) => ps.filter((p) => !p.hidden && p.textContent).length);
  check('no match: every view says so', empties === 4, empties);
  await page.screenshot({ path: path.join(outDir, 'empty.png'), fullPage: true });
  await page.goto(base + '/?from=2022-13', { waitUntil: 'domcontentloaded' });
  await ready(page);
  const err = await page.evaluate(() => (document.querySelector('#error').hidden ? '' : document.querySelector('#error').textContent));
  check("a bad filter shows the server's message naming it", err.includes('from:'), err);

  check('nothing requested outside the server', outside.length === 0, outside);
  check('no script errors', errors.filter((e) => !/status of 400/.test(e) && !/Bad Request/.test(e)).length === 0, errors);
  await browser.close();
}

main().then(() => process.exit(fails ? 1 : 0), (e) => { console.log('FAIL ' + (e && e.stack || e)); process.exit(1); });
