// A built site's HTML pages, indexed: the search page and the embed element open a section
// at its heading on the site (the harness serves tests/browser/fixtures/site as the allowed
// host's own pages and starts the server with --site-url naming that host).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CHROMIUM, start } from './harness.mjs';

const here = new URL('.', import.meta.url).pathname;
const missing = [CHROMIUM, join(here, 'node_modules/playwright-core')].filter((path) => !existsSync(path));
if (missing.length) {
  console.error(`browser tests need ${missing.join(' and ')}: run \`make test\`, which installs them`);
  process.exit(process.env.PREPSEARCH_REQUIRE_BROWSER ? 1 : 77);
}

let env;
before(async () => { env = await start(); });
after(async () => { if (env) await env.stop(); });

const TIMEOUT = { timeout: 60000 };
const SECTION = '/guide/zeppelins.html#helium-purity';

// The page now shows `hash`'s heading at the top of the window, the section's text below it.
async function atHeading(page, hash) {
  await page.waitForFunction((id) => location.hash === '#' + id, hash);
  const { top, text } = await page.$eval('#' + hash, (section) => ({
    top: section.querySelector('h2').getBoundingClientRect().top,
    text: section.querySelector('h2').textContent,
  }));
  assert.ok(Math.abs(top) < 2, `the heading is at ${top}px, not at the top`);
  assert.ok(await page.evaluate(() => window.scrollY > 500), 'the page scrolled down to the section');
  return text;
}

test('the search page opens an HTML page\'s section on its site, at its heading', TIMEOUT, async () => {
  const page = await env.newPage();
  await page.goto(env.api + '/?q=' + encodeURIComponent('helium purity'));
  await page.waitForSelector('#results .result-title');
  const first = await page.$eval('#results .result-title', (n) => n.textContent);
  assert.equal(first, 'Helium purity checks');
  await page.click('#results .result-title');
  await page.waitForSelector('#detail-link', { state: 'visible' });
  const href = await page.getAttribute('#detail-link', 'href');
  assert.equal(href, env.allowedSite + SECTION);
  await page.click('#detail-link');
  await page.waitForURL(env.allowedSite + SECTION);
  assert.equal(await atHeading(page, 'helium-purity'), 'Helium purity checks¶');
  assert.deepEqual(page.errors, []);
});

test('the embed element on the site leads to a section at its heading', TIMEOUT, async () => {
  const page = await env.newPage();
  await page.goto(env.allowedSite + '/docs.html');
  await page.fill('prepsearch-box input', 'ballast');
  await page.waitForSelector('prepsearch-box a .title mark');
  const href = await page.getAttribute('prepsearch-box a >> nth=0', 'href');
  assert.equal(href, env.allowedSite + '/guide/zeppelins.html#ballast');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForURL(env.allowedSite + '/guide/zeppelins.html#ballast');
  assert.equal(await atHeading(page, 'ballast'), 'Ballast water¶');
  assert.deepEqual(page.errors, []);
});
