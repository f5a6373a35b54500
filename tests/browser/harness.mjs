// Starts what the browser tests need, on 127.0.0.1 only: an index of corpus/ plus fixtures, the
// real prepsearch-serve on a free port, and two "other sites" (plain Node servers on their own
// ports, so their origins differ): one the server allows by --cors-origin, one it does not.
// Debian's chromium runs headless with a fresh profile; every page records console errors.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

const env = (name) => {
  if (!process.env[name]) throw new Error(`${name} is not set; run the browser tests through ctest`);
  return process.env[name];
};

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

// The page another site would write: strict CSP of its own, hostile CSS, our element.
function hostPage(apiOrigin) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Another site</title>
<link rel="stylesheet" href="/host.css">
<script src="${apiOrigin}/embed.js" defer></script></head>
<body><h1>Another site</h1><span class="title" id="host-title">host text</span>
<prepsearch-box placeholder="Search Django" topic="django" limit="3"
  result-url="https://jobs.example.com{url}?from={q}"></prepsearch-box></body></html>`;
}
const HOST_CSS = `* { color: rgb(255, 0, 0) !important; font-family: serif !important; }
input, a, li, span, mark, ul { background: rgb(255, 0, 0) !important; }
prepsearch-box { color: rgb(255, 0, 0); font-size: 40px; }`;

// A documentation page of the host's own built site, searched by an element whose results
// lead to the site's pages at their headings (result-url="{url}").
function docsPage(apiOrigin) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Example docs</title>
<script src="${apiOrigin}/embed.js" defer></script></head>
<body><h1>Example docs</h1><prepsearch-box placeholder="Search the docs" limit="3" result-url="{url}">
</prepsearch-box></body></html>`;
}

// Answers with the host page for whichever API origin `api()` names once the server is up;
// /docs.html and the built site's pages (tests/browser/fixtures/site) too.
function hostSite(api, siteDir) {
  return createServer((req, res) => {
    const apiOrigin = api();
    const path = new URL(req.url, 'http://host').pathname;
    if (path.startsWith('/guide/') && /^[\/a-z0-9.-]+$/.test(path)) {
      try {
        const page = readFileSync(join(siteDir, path));
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        return res.end(page);
      } catch (e) { res.writeHead(404); return res.end(); }
    }
    if (path === '/docs.html') {
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': `default-src 'none'; script-src ${apiOrigin}; connect-src ${apiOrigin}`,
      });
      return res.end(docsPage(apiOrigin));
    }
    if (req.url === '/host.css') {
      res.writeHead(200, { 'Content-Type': 'text/css' });
      return res.end(HOST_CSS);
    }
    if (req.url !== '/') { res.writeHead(req.url === '/favicon.ico' ? 204 : 404); return res.end(); }
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      // No 'unsafe-inline' anywhere: the element must not need inline scripts or styles.
      'Content-Security-Policy': `default-src 'none'; script-src ${apiOrigin}; connect-src ${apiOrigin}; ` +
        `style-src 'self'; img-src 'self'`,
    });
    res.end(hostPage(apiOrigin));
  });
}

function waitForPort(child) {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error('prepsearch-serve did not start: ' + seen)), 15000);
    child.stderr.on('data', (chunk) => {
      seen += chunk;
      const match = /on http:\/\/127\.0\.0\.1:(\d+)\//.exec(seen);
      if (match) { clearTimeout(timer); resolve(Number(match[1])); }
    });
    child.on('exit', (code) => reject(new Error(`prepsearch-serve exited with ${code}: ${seen}`)));
  });
}

export async function start() {
  const source = env('PREPSEARCH_SOURCE_DIR');
  const work = mkdtempSync(join(tmpdir(), 'prepsearch-browser-'));
  const db = join(work, 'index');
  execFileSync(env('PREPSEARCH_INDEX_BIN'),
    ['--db', db, '--quiet', join(source, 'corpus'), join(source, 'tests/browser/fixtures/extra.jsonl'),
      join(source, 'tests/browser/fixtures/site'),
      join(source, 'tests/data/formats.md')],
    { stdio: 'inherit' });

  let api = '';
  const siteDir = join(source, 'tests/browser/fixtures/site');
  const allowedSite = hostSite(() => api, siteDir);
  const refusedSite = hostSite(() => api, siteDir);
  const allowedPort = await listen(allowedSite);
  const refusedPort = await listen(refusedSite);
  const allowedOrigin = `http://127.0.0.1:${allowedPort}`;

  // The test plays several clients through X-Forwarded-For from loopback (a trusted proxy, so
  // the statistics need the admin token).
  const adminToken = 'browser-test-admin-token-0123';
  writeFileSync(join(work, 'admin-token'), adminToken + '\n');
  const serve = spawn(env('PREPSEARCH_SERVE_BIN'), ['--db', db, '--port', '0', '--quiet',
    '--web', join(source, 'web'), '--cors-origin', allowedOrigin, '--trusted-proxy', '127.0.0.1',
    '--admin-token-file', join(work, 'admin-token'), '--search-rate', '0',
    // The allowed site stands for the site the documents come from: their links lead there.
    '--site-url', allowedOrigin], { stdio: ['ignore', 'ignore', 'pipe'] });
  const apiPort = await waitForPort(serve);
  api = `http://127.0.0.1:${apiPort}`;

  const { chromium } = await import('playwright-core');
  const profile = join(work, 'profile');
  mkdirSync(profile);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport: { width: 1000, height: 800 },
  });
  const artifacts = env('PREPSEARCH_ARTIFACT_DIR');
  mkdirSync(artifacts, { recursive: true });

  return {
    api, context, artifacts, source, adminToken,
    allowedSite: allowedOrigin,
    refusedSite: `http://127.0.0.1:${refusedPort}`,
    // A fresh page whose console errors and uncaught exceptions land in page.errors.
    async newPage() {
      const page = await context.newPage();
      page.errors = [];
      page.on('console', (message) => {
        if (message.type() === 'error') page.errors.push(`${message.text()} (${message.location().url})`);
      });
      page.on('pageerror', (error) => page.errors.push(String(error)));
      return page;
    },
    async stop() {
      await context.close();
      // The server writes its query log as it stops: remove the folder once it has exited.
      const exited = serve.exitCode !== null ? Promise.resolve() : new Promise((resolve) => serve.once('exit', resolve));
      serve.kill('SIGTERM');
      await exited;
      allowedSite.close();
      refusedSite.close();
      rmSync(work, { recursive: true, force: true });
    },
    webFile: (name) => readFileSync(join(source, 'web', name)),
  };
}
