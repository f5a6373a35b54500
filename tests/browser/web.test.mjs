// The web page and the embed element in Debian's chromium, against the real server.
// Run by ctest (see tests/CMakeLists.txt); screenshots go to $PREPSEARCH_ARTIFACT_DIR.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CHROMIUM, start } from './harness.mjs';

const here = new URL('.', import.meta.url).pathname;
const missing = [CHROMIUM, join(here, 'node_modules/playwright-core')].filter((path) => !existsSync(path));
if (missing.length) {
  // `make test` installs both and sets PREPSEARCH_REQUIRE_BROWSER, so there this is a failure.
  console.error(`browser tests need ${missing.join(' and ')}: run \`make test\`, which installs them`);
  process.exit(process.env.PREPSEARCH_REQUIRE_BROWSER ? 1 : 77);
}

let env;
before(async () => { env = await start(); });
after(async () => { if (env) await env.stop(); });

const TIMEOUT = { timeout: 60000 };

async function open(path = '/') {
  const page = await env.newPage();
  await page.goto(env.api + path);
  return page;
}

// Waits until the newest search has been rendered.
async function settled(page) {
  await page.waitForFunction(() => !document.getElementById('results').hasAttribute('aria-busy'));
}

async function typeQuery(page, text) {
  await page.fill('#q', '');
  await page.type('#q', text, { delay: 30 });
  await page.waitForFunction((q) => document.getElementById('status').textContent.includes(q), text);
  await settled(page);
}

const titles = (page) => page.$$eval('#results .result-title', (nodes) => nodes.map((n) => n.textContent));
const params = (page) => Object.fromEntries(new URL(page.url()).searchParams);

function noConsoleErrors(page) {
  assert.deepEqual(page.errors, [], 'console errors on ' + page.url());
}

test('the page loads focused, with examples, a search link, a CSP and under 30 KB', TIMEOUT, async () => {
  const page = await env.newPage();
  const loaded = [];
  page.on('response', (response) => loaded.push(response));
  await page.goto(env.api + '/');
  const script = loaded.find((response) => response.url().endsWith('/app.js'));
  // Compressed: brotli where the browser offers it (cpp-httplib prefers it), else gzip.
  assert.match((await script.allHeaders())['content-encoding'], /^(br|gzip)$/);
  assert.ok((await script.allHeaders()).etag);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
  assert.deepEqual(await page.$$eval('.example', (nodes) => nodes.slice(0, 3).map((n) => n.textContent)),
    ['N+1', 'Celery', 'select_related']);
  assert.equal(await page.getAttribute('link[rel="search"]', 'href'), '/opensearch.xml');
  assert.equal(await page.$$eval('script:not([src])', (nodes) => nodes.length), 0);
  await page.screenshot({ path: join(env.artifacts, 'page-empty.png') });
  const response = await page.request.get(env.api + '/');
  assert.match(response.headers()['content-security-policy'], /script-src 'self'/);
  assert.ok(response.headers().etag);

  // "/" focuses the box from anywhere but a text field.
  await page.click('h1');
  await page.locator('#hint').click();
  assert.notEqual(await page.evaluate(() => document.activeElement.id), 'q');
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
  assert.equal(await page.inputValue('#q'), '', '"/" must not be typed into the box');

  // The budget is what a reader's browser fetches for the page, before compression: the files
  // this load fetched from web/, and es.json besides for a Spanish reader.
  const fetched = [...new Set(loaded.map((r) => new URL(r.url())).filter((u) => u.origin === env.api &&
    !u.pathname.startsWith('/api/')).map((u) => (u.pathname === '/' ? 'index.html' : u.pathname.slice(1))))];
  assert.ok(['index.html', 'app.css', 'client.js', 'app.js'].every((name) => fetched.includes(name)), fetched.join());
  assert.ok(!fetched.includes('embed.js'), 'the page does not load the embed element');
  for (const files of [fetched, [...fetched, 'es.json']]) {
    const bytes = files.reduce((sum, name) => sum + env.webFile(name).length, 0);
    assert.ok(bytes < 30000, `${files.join(', ')}: ${bytes} bytes; the budget is 30 KB`);
  }
  noConsoleErrors(page);
});

test('typing N+1 shows results with <mark>N+1</mark>', TIMEOUT, async () => {
  const page = await open('/');
  await page.keyboard.type('N+1', { delay: 40 });
  await page.waitForSelector('#results .snippet mark');
  await settled(page);
  const snippets = await page.$$eval('#results .snippet', (nodes) => nodes.map((n) => n.innerHTML));
  assert.ok(snippets.some((html) => html.includes('<mark>N+1</mark>')), snippets.join('\n'));
  // The match in the title is marked too, as in the snippet.
  assert.equal(await page.innerHTML('#results .result-title'), 'Not knowing the <mark>N+1</mark> query problem');
  assert.match(await page.textContent('#status'), /^\d+ results? for “N\+1”/);
  assert.equal(params(page).q, 'N+1');
  assert.ok((await page.$$('#results .badge.level')).length > 0, 'level badges');
  await page.screenshot({ path: join(env.artifacts, 'page-n+1.png'), fullPage: true });
  noConsoleErrors(page);
});

test('keyboard: arrows move through results, Enter opens the detail, Escape comes back', TIMEOUT, async () => {
  const page = await open('/');
  await typeQuery(page, 'celery');
  const shown = await titles(page);
  assert.ok(shown.length >= 3);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  const focused = await page.evaluate(() => document.activeElement.querySelector('.result-title').textContent);
  assert.equal(focused, shown[1]);
  await page.keyboard.press('Enter');
  await page.waitForFunction((t) => document.getElementById('detail-title').textContent === t, shown[1]);
  assert.ok(params(page).doc);
  assert.equal(await page.isVisible('#results'), false);
  const doc = await (await page.request.get(env.api + '/api/docs/' + encodeURIComponent(params(page).doc))).json();
  assert.ok((await page.textContent('#detail-text')).includes(doc.text.split('\n')[0].replace(/^- /, '')));
  await page.screenshot({ path: join(env.artifacts, 'page-detail.png') });
  const permalink = await page.inputValue('#permalink');
  assert.equal(permalink, `${env.api}/?doc=${encodeURIComponent(doc.id)}`);

  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.getElementById('detail').hidden);
  assert.equal(params(page).q, 'celery');
  assert.equal(params(page).doc, undefined);
  assert.equal(await page.evaluate(() => document.activeElement.querySelector('.result-title').textContent), shown[1]);

  // The permalink opens the same document on a fresh page.
  const direct = await env.newPage();
  await direct.goto(permalink);
  await direct.waitForFunction((t) => document.getElementById('detail-title').textContent === t, doc.title);
  noConsoleErrors(page);
  noConsoleErrors(direct);
});

test('the detail view lists related questions, as links that keep the search', TIMEOUT, async () => {
  const id = 'django/not-knowing-the-n-1-query-problem';
  const page = await open(`/?q=N%2B1&topic=django&doc=${encodeURIComponent(id)}`);
  await page.waitForSelector('#related-list a');
  const expected = await (await page.request.get(`${env.api}/api/docs/${encodeURIComponent(id)}/related`)).json();
  const links = await page.$$eval('#related-list a', (nodes) => nodes.map((a) => [a.textContent, a.getAttribute('href')]));
  assert.deepEqual(links.map((link) => link[0]), expected.results.map((hit) => hit.title));
  assert.ok(links.map((link) => link[0]).includes('What is the difference between select_related and prefetch_related?'));
  for (const [, href] of links) assert.match(href, /^\/\?q=N%2B1&topic=django&doc=django%2F/);
  await page.screenshot({ path: join(env.artifacts, 'page-related.png') });

  // A related link opens its document here, the search kept; Back returns to the first.
  await page.click('#related-list a');
  await page.waitForFunction((t) => document.getElementById('detail-title').textContent === t, links[0][0]);
  assert.equal(params(page).q, 'N+1');
  assert.equal(params(page).topic, 'django');
  assert.equal(params(page).doc, expected.results[0].id);
  await page.goBack();
  await page.waitForFunction((d) => new URLSearchParams(location.search).get('doc') === d, id);
  await page.waitForFunction(() => document.getElementById('detail-title').textContent === 'Not knowing the N+1 query problem');
  noConsoleErrors(page);
});

test('a stale answer is dropped, and results stay on screen until new ones arrive', TIMEOUT, async () => {
  const page = await open('/');
  await typeQuery(page, 'celery');
  const before = await titles(page);
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  // Every answer while ' worker' is typed is held (on a slow machine the page may ask for
  // 'celery wor' too), the last one's aside: the page must show none of them.
  const stale = (q) => q !== null && q.startsWith('celery ') && q !== 'celery workers';
  await page.route((url) => stale(url.searchParams.get('q')), async (route) => {
    await held;
    await route.continue().catch(() => {});  // the page may have cancelled it by now
  });
  await page.type('#q', ' worker', { delay: 30 });
  await page.waitForFunction(() => document.getElementById('results').getAttribute('aria-busy') === 'true');
  assert.deepEqual(await titles(page), before, 'nothing is blanked while the answer is on its way');
  await page.type('#q', 's');
  await page.waitForFunction(() => document.getElementById('status').textContent.includes('“celery workers”'));
  const newest = await titles(page);
  release();
  await page.waitForTimeout(500);  // time for the held answer to arrive, if it were going to be shown
  assert.match(await page.textContent('#status'), /“celery workers”/);
  assert.deepEqual(await titles(page), newest);
  noConsoleErrors(page);
});

test('facet chips filter the results and keep the other values to choose', TIMEOUT, async () => {
  const page = await open('/');
  await typeQuery(page, 'celery');
  const before = await titles(page);
  const chip = page.locator('.chip[data-field="topic"][data-value="flask"]');
  const count = Number(await chip.locator('.count').textContent());
  assert.ok(count >= 2 && count < before.length, `flask chip count ${count} of ${before.length}`);
  await chip.click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('topic') === 'flask');
  await settled(page);
  assert.equal((await titles(page)).length, count);
  assert.deepEqual([...new Set(await page.$$eval('#results .badge.topic', (n) => n.map((x) => x.textContent)))], ['flask']);
  assert.equal(await chip.getAttribute('aria-pressed'), 'true');
  // The unchosen topic is still offered, with its own count.
  assert.equal(await page.locator('.chip[data-field="topic"][data-value="django"]').count(), 1);
  noConsoleErrors(page);
});

test('the URL holds the state: reload, back and forward', TIMEOUT, async () => {
  const page = await open('/?q=celery&level=advanced');
  await settled(page);
  assert.equal(await page.inputValue('#q'), 'celery');
  const levels = await page.$$eval('#results .badge.level', (n) => n.map((x) => x.textContent));
  assert.ok(levels.length > 0 && levels.every((level) => level === 'advanced'), levels.join());

  await typeQuery(page, 'middleware');
  assert.deepEqual(params(page), { q: 'middleware', level: 'advanced' });
  await page.locator('.chip[data-field="level"][data-value="advanced"]').click();  // unchoose
  await page.waitForFunction(() => !location.search.includes('level='));
  await settled(page);
  const unfiltered = await titles(page);

  await page.goBack();
  await page.waitForFunction(() => location.search.includes('level=advanced'));
  await settled(page);
  assert.equal(await page.inputValue('#q'), 'middleware');
  assert.ok((await titles(page)).length < unfiltered.length);
  await page.goBack();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'celery');
  await settled(page);
  assert.equal(await page.inputValue('#q'), 'celery');
  await page.goForward();
  await page.goForward();
  await page.waitForFunction(() => !location.search.includes('level='));
  await settled(page);
  assert.deepEqual(await titles(page), unfiltered);

  await page.reload();
  await settled(page);
  assert.equal(await page.inputValue('#q'), 'middleware');
  assert.deepEqual(await titles(page), unfiltered);
  noConsoleErrors(page);
});

test('a document containing <script> renders as text, in the list and in the detail', TIMEOUT, async () => {
  const page = await open('/');
  await typeQuery(page, 'scriptinjection');
  const title = await page.textContent('#results .result-title');
  assert.equal(title, 'Why must <script>window.pwned = 1</script> show as text?');
  assert.equal(await page.$$eval('main script, main img', (nodes) => nodes.length), 0);
  await page.click('#results a');
  await page.waitForFunction(() => document.getElementById('detail-text').textContent.includes('onerror'));
  assert.match(await page.textContent('#detail-text'), /<img src=x onerror="window.pwned = 1">/);
  assert.equal(await page.$$eval('main script, main img', (nodes) => nodes.length), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  noConsoleErrors(page);
});

test('an estimated total reads "About N results"', TIMEOUT, async () => {
  const page = await open('/');
  // The server counts exactly up to 10,000 matches; make this answer one past that limit.
  await page.route((url) => url.pathname === '/api/search', async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    await route.fulfill({ response, json: { ...body, total: 12345, counts_exact: false } });
  });
  await typeQuery(page, 'middleware');
  assert.match(await page.textContent('#status'), /^About 12,345 results for “middleware”/);
  noConsoleErrors(page);
});

test('a query of words too long to search says why it found nothing', TIMEOUT, async () => {
  const page = await open('/?q=' + encodeURIComponent('é'.repeat(33)));
  await page.waitForFunction(() => document.getElementById('status').textContent.includes('too long'));
  assert.match(await page.textContent('#status'), /^No results for “é+”\. Its words are too long to search/);
  assert.equal(await page.$$eval('#results .result', (nodes) => nodes.length), 0);
  noConsoleErrors(page);
});

// The stored-text and snippet formats (core/schema.h, search/snippet.h) as the page renders
// them: entities decoded to text, matches in <mark>, blocks as paragraphs, items as a list.
test('the snippet and stored-text formats render as the server writes them', TIMEOUT, async () => {
  const page = await open('/');
  await typeQuery(page, 'formatsword');
  const snippet = page.locator('#results .snippet').first();
  const stored = `First paragraph with formatsword and a < b && c > "d" 'e'.\n\n- first item\n  - nested item\n` +
    '- second item\n\nhead one | head two\ncell one | cell two\n\nLast paragraph.';
  assert.equal(await snippet.textContent(), stored);
  assert.deepEqual(await snippet.locator('mark').allTextContents(), ['formatsword']);
  await page.click('#results a');
  await page.waitForFunction(() => document.querySelectorAll('#detail-text li').length > 0);
  assert.deepEqual(await page.$$eval('#detail-text > *', (nodes) => nodes.map((n) => n.tagName)), ['P', 'UL', 'P', 'P']);
  assert.deepEqual(await page.$$eval('#detail-text li', (nodes) => nodes.map((n) => n.textContent)),
    ['first item', 'nested item', 'second item']);
  const paragraphs = await page.$$eval('#detail-text p', (nodes) => nodes.map((n) => n.textContent));
  assert.equal(paragraphs[0], `First paragraph with formatsword and a < b && c > "d" 'e'.`);
  assert.equal(paragraphs[1], 'head one | head two\ncell one | cell two');
  assert.equal(paragraphs[2], 'Last paragraph.');
  noConsoleErrors(page);
});

test('"Did you mean" offers the fix; examples search; more results load on demand', TIMEOUT, async () => {
  const page = await open('/');
  await typeQuery(page, 'celery middlware');
  assert.equal(await page.textContent('#did-you-mean button'), 'celery middleware');
  await page.click('#did-you-mean button');
  await page.waitForFunction(() => document.getElementById('q').value === 'celery middleware');

  await page.goto(env.api + '/');
  await page.click('.example >> text=select_related');
  await page.waitForSelector('#results .snippet mark');
  assert.equal(params(page).q, 'select_related');

  await typeQuery(page, 'django');
  assert.equal((await titles(page)).length, 10);
  await page.click('#more');
  await page.waitForFunction(() => document.querySelectorAll('#results li').length > 10);
  const all = await page.$$eval('#results a[data-doc]', (links) => links.map((a) => a.dataset.doc));
  assert.equal(new Set(all).size, all.length, 'no result twice');
  noConsoleErrors(page);
});

// WCAG contrast of each element's text against the first opaque background behind it.
function contrastRatios(selectors) {
  const rgb = (value) => value.match(/[\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => {
    const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const background = (node) => {
    for (; node; node = node.parentElement) {
      const value = rgb(getComputedStyle(node).backgroundColor);
      if (value.length < 4 || value[3] === 1) return value.slice(0, 3);
    }
    return [255, 255, 255];
  };
  return selectors.map((selector) => {
    const node = document.querySelector(selector);
    if (!node) return [selector, 0];
    const [a, b] = [luminance(rgb(getComputedStyle(node).color)), luminance(background(node))];
    return [selector, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
  });
}

for (const scheme of ['light', 'dark']) {
  test(`readable in ${scheme}: AA contrast, 360 px wide without sideways scrolling`, TIMEOUT, async () => {
    const page = await env.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(env.api + '/?q=celery');
    await settled(page);
    const ratios = await page.evaluate(contrastRatios, ['body', '.hint', '#status', '.result-title', '.snippet',
      '.snippet mark', '.badge.level', '.badge.topic', '.chip', '.chip .count', '.box button', 'footer a']);
    for (const [selector, ratio] of ratios) assert.ok(ratio >= 4.5, `${selector}: ${ratio.toFixed(2)}:1`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `page is ${width} px wide`);
    assert.equal(await page.$$eval('input:not([type="hidden"])', (nodes) =>
      nodes.filter((n) => !n.labels.length && !n.getAttribute('aria-label')).length), 0, 'every input labelled');
    await page.click('h1');  // then "/" and the arrow key reach the first result from outside the box
    await page.keyboard.press('/');
    await page.keyboard.press('ArrowDown');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'focus is visible');
    await page.screenshot({ path: join(env.artifacts, `page-360px-${scheme}.png`), fullPage: true });
    noConsoleErrors(page);
  });
}

test('a click on a result is reported, and popular searches fill the empty state', TIMEOUT, async () => {
  const admin = { Authorization: 'Bearer ' + env.adminToken };
  const stats = async () => (await (await env.context.request.get(env.api + '/api/stats/queries?kind=top&limit=50', { headers: admin })).json()).queries;
  const count = async (q) => ((await stats()).find((entry) => entry.q === q) || { searches: 0, clicks: 0 });
  // Three networks search "redis" (through the trusted proxy's X-Forwarded-For) and two of them
  // open a result, with the token served with it: the server's rule for publishing a query.
  for (const [i, client] of ['198.51.100.1', '203.0.113.1', '192.0.2.1'].entries()) {
    const headers = { 'X-Forwarded-For': client };
    const found = await (await env.context.request.get(env.api + '/api/search?q=redis', { headers })).json();
    const hit = found.results[0];
    if (i < 2) await env.context.request.post(env.api + '/api/events', { headers, data: { type: 'click', q: 'redis', id: hit.id, token: hit.click } });
  }
  const page = await open('/');
  await page.waitForSelector('#popular-list .example');
  assert.ok((await page.$$eval('#popular-list .example', (nodes) => nodes.map((n) => n.textContent))).includes('redis'));
  assert.equal(await page.isVisible('#popular-title'), true);
  await page.click('#popular-list .example >> text=redis');
  await settled(page);
  assert.equal(params(page).q, 'redis');
  const before = await count('redis');
  await page.click('#results a');
  await page.waitForFunction(() => !document.getElementById('detail').hidden);
  // sendBeacon is fire-and-forget: wait for the server to count it.
  let after = before;
  for (let i = 0; i < 50 && after.clicks === before.clicks; ++i) {
    await page.waitForTimeout(100);
    after = await count('redis');
  }
  assert.equal(after.clicks, before.clicks + 1);
  // Typed a letter at a time: only the query the typing settled on is counted, once.
  await page.goto(env.api + '/');
  await page.locator('#q').pressSequentially('celer', { delay: 300 });
  await settled(page);
  let celer = await count('celer');
  for (let i = 0; i < 40 && celer.searches === 0; ++i) {
    await page.waitForTimeout(100);
    celer = await count('celer');
  }
  assert.equal(celer.searches, 1);
  for (const prefix of ['c', 'ce', 'cel', 'cele']) assert.equal((await count(prefix)).searches, 0, prefix);
  noConsoleErrors(page);
});

test('the page speaks Spanish to a Spanish browser, with a switch, and filters by language', TIMEOUT, async () => {
  const page = await env.newPage();
  await page.addInitScript(() => Object.defineProperty(navigator, 'languages', { get: () => ['es-ES', 'es'] }));
  await page.goto(env.api + '/?q=se%C3%B1ales');
  await page.waitForFunction(() => document.documentElement.lang === 'es');
  await settled(page);
  assert.equal(await page.textContent('label[for="q"]'), 'Busca preguntas de entrevista y temas');
  assert.equal(await page.textContent('#search-form button'), 'Buscar');
  assert.match(await page.textContent('#status'), /^\d+ resultados? para «señales»\.$/);
  assert.match(await page.textContent('#results .result-title'), /señales/);
  // The language facet names each language in its own words; choosing one filters.
  await typeQuery(page, 'select_related');
  assert.equal(await page.textContent('.chip[data-field="language"][data-value="en"]'), 'English ' +
    (await (await page.request.get(env.api + '/api/search?q=select_related')).json()).facets.language.en);
  await page.click('.chip[data-field="language"][data-value="es"]');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('language') === 'es');
  await settled(page);
  const languages = await page.$$eval('#results .result-link', (links) => links.length);
  assert.equal(languages, (await (await page.request.get(env.api + '/api/search?q=select_related&language=es')).json()).results.length);
  await page.screenshot({ path: join(env.artifacts, 'page-es.png') });
  // The detail view links the same answer in English.
  await page.click('#results a');
  await page.waitForSelector('#detail-meta a[lang="en"]');
  assert.equal(await page.textContent('#detail-meta a[lang="en"]'), 'English');
  assert.equal(await page.textContent('#related h3'), 'Preguntas relacionadas');
  // The switch: English, kept across loads, until switched back.
  assert.equal(await page.textContent('#hl'), 'English');
  await page.click('#hl');
  await page.waitForFunction(() => document.documentElement.lang === 'en' && document.getElementById('hl').textContent === 'Español');
  assert.equal(await page.textContent('#search-form button'), 'Search');
  await page.reload();
  await page.waitForFunction(() => document.getElementById('hl').textContent === 'Español');
  await page.click('#hl');
  await page.waitForFunction(() => document.documentElement.lang === 'es');
  await page.evaluate(() => localStorage.removeItem('hl'));  // the other tests' pages speak English
  noConsoleErrors(page);
});

test('the embed element works on another origin through CORS, with styles kept apart', TIMEOUT, async () => {
  const page = await env.newPage();
  await page.goto(env.allowedSite + '/');
  await page.fill('prepsearch-box input', 'celery');
  await page.waitForSelector('prepsearch-box a .snippet mark');
  const links = await page.$$eval('prepsearch-box a', (nodes) => nodes.map((n) => n.href));
  assert.equal(links.length, 3 + 1, 'limit=3 results and the "all results" link');
  assert.match(links[0], /^https:\/\/jobs\.example\.com\/django#[a-z0-9-]+\?from=celery$/);
  assert.equal(links[3], `${env.api}/?q=celery&topic=django`);
  // topic="django" is a fixed filter: the flask answers about Celery stay out.
  assert.ok(!links.slice(0, 3).some((href) => href.includes('flask')));

  await page.keyboard.press('ArrowDown');
  assert.equal(await page.getAttribute('prepsearch-box input', 'aria-activedescendant'),
    await page.getAttribute('prepsearch-box a >> nth=0', 'id'));

  // The host's CSS does not reach inside; ours does not reach out.
  const inside = await page.$eval('prepsearch-box .title', (n) => getComputedStyle(n).color);
  assert.notEqual(inside, 'rgb(255, 0, 0)');
  const input = await page.$eval('prepsearch-box input', (n) => getComputedStyle(n).backgroundColor);
  assert.notEqual(input, 'rgb(255, 0, 0)');
  assert.equal(await page.$eval('#host-title', (n) => getComputedStyle(n).fontWeight), '400');
  await page.screenshot({ path: join(env.artifacts, 'embed-other-origin.png') });
  // A match in a title is marked, as in the snippet.
  await page.fill('prepsearch-box input', 'N+1');
  await page.waitForSelector('prepsearch-box a .title mark');
  assert.equal(await page.textContent('prepsearch-box a .title mark'), 'N+1');
  noConsoleErrors(page);
});

test('the embed element on an origin the server does not allow gets no results', TIMEOUT, async () => {
  const page = await env.newPage();
  await page.goto(env.refusedSite + '/');
  await page.fill('prepsearch-box input', 'celery');
  await page.waitForSelector('prepsearch-box .status');
  assert.equal(await page.textContent('prepsearch-box .status'), 'Search is unavailable right now.');
  assert.ok(page.errors.some((error) => /CORS|Access-Control-Allow-Origin/.test(error)), page.errors.join('\n'));
});

test('/embed-demo.html shows the element working on the server itself', TIMEOUT, async () => {
  const page = await open('/embed-demo.html');
  await page.click('prepsearch-box input');
  await page.keyboard.type('select_rel', { delay: 30 });
  await page.waitForSelector('prepsearch-box a .snippet mark');
  await page.keyboard.press('ArrowDown');
  const target = await page.getAttribute('prepsearch-box a >> nth=0', 'href');
  assert.ok(target.startsWith(`${env.api}/?doc=`), target);
  await page.screenshot({ path: join(env.artifacts, 'embed-demo.png') });
  await page.keyboard.press('Enter');
  await page.waitForURL(target);
  await page.waitForFunction(() => document.getElementById('detail-title').textContent.length > 0 &&
    document.getElementById('detail-title').textContent !== 'Loading…');
  noConsoleErrors(page);
});

test('/opensearch.xml describes the engine with absolute URLs', TIMEOUT, async () => {
  const page = await open('/');
  const response = await page.request.get(env.api + '/opensearch.xml');
  assert.equal(response.headers()['content-type'], 'application/opensearchdescription+xml');
  const xml = await response.text();
  assert.ok(xml.includes(`template="${env.api}/?q={searchTerms}"`), xml);
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    return doc.querySelector('parsererror') ? null : doc.documentElement.localName;
  }, xml);
  assert.equal(parsed, 'OpenSearchDescription');
  const suggestions = await (await page.request.get(env.api + '/api/suggest?format=opensearch&q=cel')).json();
  assert.deepEqual(suggestions[0], 'cel');
  assert.ok(suggestions[1].includes('celery'));
});
