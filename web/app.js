// The search page: URL state → /api/search → DOM. Text goes in as text, snippets through
// appendSnippet (client.js: only <mark> passes). A deferred module: it runs after client.js.
const { h, appendSnippet, apiUrl, fetchJson } = window.prepsearch;
const FACETS = ['topic', 'level', 'kind', 'language'];
// The page's words follow the browser's language or the switch (kept in localStorage). English
// is written here and in index.html; web/es.json maps each English text to its Spanish.
const NAMES = { en: 'English', es: 'Español', pt: 'Português' };
let saved = null;
try { saved = localStorage.getItem('hl'); } catch { /* storage off: follow the browser */ }
const hl = [saved, ...(navigator.languages || [navigator.language])].map((l) => String(l).slice(0, 2)).find((l) => l === 'en' || l === 'es') || 'en';
const words = hl === 'en' ? {} : await fetchJson('/' + hl + '.json').catch(() => ({}));
const t = (text, ...args) => (words[text] || text).replace(/%s/g, () => args.shift());
const number = (n) => n.toLocaleString(hl);
const PAGE = 10;
const DEBOUNCE_MS = 120;
const SETTLE_MS = 1500;  // typing paused this long: the query is the one meant, and is counted
const byId = (id) => document.getElementById(id);
const [input, status, results, more, facets, didYouMean, examples, detail, related, relatedList, popular] =
  ['q', 'status', 'results', 'more', 'facets', 'did-you-mean', 'examples', 'detail', 'related', 'related-list', 'popular-list'].map(byId);

let state = readUrl();
let seq = 0;             // the newest search; older answers are dropped
let controller = null;
let typing = false;      // within one burst of typing, the URL is replaced, not pushed
let timer = 0;
let settleTimer = 0;
let reported = '';       // the last query counted, so that one is counted once
const clickTokens = new Map();  // result id → the token its click is reported with

const el = (tag, className, text) => h(tag, text === undefined ? { className } : { className, textContent: text });
const li = (node) => el('li').appendChild(node).parentNode;

function readUrl() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const field of FACETS) filters[field] = params.getAll(field).filter(Boolean);
  return { q: params.get('q') || '', filters, doc: params.get('doc') || '' };
}

function stateParams(s, dropField) {
  const params = [];
  if (s.q) params.push(['q', s.q]);
  for (const field of FACETS) {
    if (field !== dropField) for (const value of s.filters[field]) params.push([field, value]);
  }
  return params;
}

function urlOf(s) {
  const params = stateParams(s);
  if (s.doc) params.push(['doc', s.doc]);
  return apiUrl('', location.pathname, params);
}

// push: a new history entry (a facet, a result, a finished search); else replace.
function commit(push) {
  const url = urlOf(state);
  if (url !== location.pathname + location.search) history[push ? 'pushState' : 'replaceState'](null, '', url);
  setTitle();
}

const setTitle = () => { document.title = state.q ? state.q + ' – prepsearch' : 'prepsearch'; };

// index.html's English, as written, replaced where web/LANG.json has it.
function translatePage() {
  document.documentElement.lang = hl;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    const text = node.data.trim().replace(/\s+/g, ' ');
    if (words[text]) node.data = node.data.replace(/\S[^]*\S|\S/, words[text]);
  }
  results.setAttribute('aria-label', t('Results'));
  const other = hl === 'es' ? 'en' : 'es';
  Object.assign(byId('hl'), { textContent: NAMES[other], lang: other });
}

// A deliberate search (a facet, an example, Enter): its own history entry, at once.
function searchNow(push) {
  clearTimeout(timer);
  typing = false;
  commit(push);
  search(false);
}

function hasSearch(s) {
  return s.q.trim() !== '' || FACETS.some((field) => s.filters[field].length > 0);
}

// log=0: the server does not count these; the page reports the settled query itself. lang:
// the page's language, so its documents come first and stand for their translations.
function searchUrl(s, offset, limit, dropField) {
  return apiUrl('', '/api/search', [...stateParams(s, dropField), ['limit', limit], ['offset', offset], ['lang', hl], ['log', 0]]);
}

async function search(append) {
  const mine = ++seq;
  if (controller) controller.abort();
  controller = new AbortController();
  const signal = controller.signal;
  if (!hasSearch(state)) return showEmptyState();
  results.setAttribute('aria-busy', 'true');
  try {
    const main = fetchJson(searchUrl(state, append ? results.children.length : 0, PAGE), signal);
    // A chosen facet value must not hide its field's others: count that field without it.
    const sides = append ? [] : FACETS.filter((field) => state.filters[field].length).map((field) =>
      fetchJson(searchUrl(state, 0, 1, field), signal).then((data) => [field, data.facets[field] || {}]));
    const [data, ...own] = await Promise.all([main, ...sides]);
    if (mine !== seq) return;
    for (const [field, counts] of own) data.facets[field] = counts;
    render(data, append);
  } catch (error) {
    if (mine !== seq || error.name === 'AbortError') return;
    status.textContent = t('Search failed: %s', error.message);
  } finally {
    if (mine === seq) results.removeAttribute('aria-busy');
  }
}

function showEmptyState() {
  results.replaceChildren();
  facets.replaceChildren();
  more.hidden = true;
  didYouMean.hidden = true;
  examples.hidden = false;
  status.textContent = '';
  results.removeAttribute('aria-busy');
  showPopular();
}

// What others search for most, once per page load (the server counts; GET /api/popular).
let popularShown = false;
async function showPopular() {
  if (popularShown) return;
  popularShown = true;
  const { queries } = await fetchJson('/api/popular?limit=5').catch(() => ({ queries: [] }));
  popular.append(...queries.map((q) => li(el('button', 'example', q))));
  byId('popular-title').hidden = !queries.length;
}

// What people search for (POST /api/events), no cookie, no id: a query once typing has paused
// or it was submitted, never the letters on the way; a result opened, with its click token.
const beacon = (event) => navigator.sendBeacon && navigator.sendBeacon('/api/events', JSON.stringify(event));
function reportSearch() {
  clearTimeout(settleTimer);
  const q = state.q.trim();
  if (q && q !== reported) beacon({ type: 'search', q: (reported = q) });
}
function reportClick(id) {
  reportSearch();
  if (state.q && clickTokens.has(id)) beacon({ type: 'click', q: state.q, id, token: clickTokens.get(id) });
}

function render(data, append) {
  examples.hidden = true;
  const first = append ? results.children.length : 0;
  if (!append) results.replaceChildren();
  if (!append) clickTokens.clear();
  for (const hit of data.results) clickTokens.set(hit.id, hit.click);
  data.results.forEach((hit, index) => results.append(resultItem(hit, first + index)));
  clearTimeout(settleTimer);
  settleTimer = setTimeout(reportSearch, typing ? SETTLE_MS : 0);
  more.hidden = results.children.length >= data.total;
  renderStatus(data);
  if (!append) renderFacets(data.facets);
  if (append && results.children[first]) results.children[first].querySelector('a').focus();
}

function renderStatus(data) {
  // Past the server's exact-count limit the total is an estimate: say "about".
  const count = t(data.counts_exact === false ? 'about %s' : '%s', t(data.total === 1 ? '1 result' : '%s results', number(data.total)));
  const what = state.q ? t(' for “%s”', state.q) : '';
  status.textContent = data.corrected
    ? t('No results for “%s”; showing %s for “%s”.', state.q, count, data.suggestion)
    : data.total ? count[0].toUpperCase() + count.slice(1) + what + '.'
    : t('No results') + what + '.' + (data.unsearchable ? ' ' + t('Its words are too long to search: put spaces between them.') : '');
  didYouMean.hidden = !data.suggestion || data.corrected;
  didYouMean.querySelector('button').textContent = data.suggestion || '';
}

// Topic, level and (if not the page's) language badges, then the section.
function appendMeta(meta, doc) {
  if (doc.topic) meta.append(el('span', 'badge topic', doc.topic));
  if (doc.level) meta.append(el('span', 'badge level level-' + doc.level, t(doc.level)));
  if (doc.language && doc.language !== hl) meta.append(h('span', { className: 'badge', textContent: NAMES[doc.language] }, { lang: doc.language }));
  if (doc.section && doc.section !== doc.title) meta.append(el('span', 'section', doc.section));
  return meta;
}

// A link to `hit` that keeps the search (q, filters) in its URL.
function docLink(hit, props = { textContent: hit.title || hit.section }) {
  const link = h('a', { ...props, href: urlOf({ ...state, doc: hit.id }) });
  link.dataset.doc = hit.id;
  return link;
}

function resultItem(hit, index) {
  const item = el('li', 'result');
  const link = item.appendChild(docLink(hit, { className: 'result-link', id: 'result-' + index }));
  const title = hit.title_marked ? appendSnippet(el('span', 'result-title'), hit.title_marked)
    : el('span', 'result-title', hit.title || hit.section);
  link.append(title, appendMeta(el('span', 'meta'), hit),
    appendSnippet(el('span', 'snippet'), hit.snippet));
  item.append(...(hit.translations || []).map((other) => docLink(other, { className: 'translation', textContent: NAMES[other.language] || other.language, lang: other.language })));
  return item;
}

function renderFacets(counts) {
  const focused = document.activeElement && document.activeElement.dataset.value !== undefined
    ? [document.activeElement.dataset.field, document.activeElement.dataset.value] : null;
  facets.replaceChildren();
  for (const field of FACETS) {
    const label = t(field[0].toUpperCase() + field.slice(1));
    const values = { ...(counts[field] || {}) };
    for (const chosen of state.filters[field]) if (!(chosen in values)) values[chosen] = 0;
    const names = Object.keys(values).filter((value) => value !== '');
    if (names.length < 2 && !state.filters[field].length) continue;  // nothing to choose between
    const group = facets.appendChild(h('div', { className: 'facet' }, { role: 'group', 'aria-label': label }));
    group.append(el('span', 'facet-label', label));
    for (const value of names) {
      const chip = group.appendChild(h('button', { className: 'chip', type: 'button' },
        { 'data-field': field, 'data-value': value, 'aria-pressed': state.filters[field].includes(value) }));
      chip.append(field === 'language' ? NAMES[value] || value : t(value), ' ', el('span', 'count', number(values[value])));
      if (focused && focused[0] === field && focused[1] === value) chip.focus();
    }
  }
}

function toggleFilter(field, value) {
  const chosen = state.filters[field];
  state.filters[field] = chosen.includes(value) ? chosen.filter((v) => v !== value) : [...chosen, value];
  searchNow(true);
}

function setQuery(q) {
  input.value = state.q = q;
  searchNow(true);
}

async function showDetail() {
  const id = state.doc;
  detail.hidden = !id;
  for (const node of [results, facets, status, more, examples, didYouMean]) node.classList.toggle('behind', !!id);
  if (!id) return;
  const [title, text] = ['detail-title', 'detail-text'].map(byId);
  title.textContent = t('Loading…');
  text.replaceChildren();
  byId('detail-meta').replaceChildren();
  relatedList.replaceChildren();
  related.hidden = byId('detail-source').hidden = true;
  const permalink = location.origin + apiUrl('', location.pathname, [['doc', id]]);
  byId('permalink').value = permalink;
  byId('permalink-link').href = permalink;
  detail.focus();
  try {
    const path = '/api/docs/' + encodeURIComponent(id);
    const doc = await fetchJson(apiUrl('', path, []));
    if (state.doc !== id) return;
    title.textContent = doc.title || doc.section;
    document.title = title.textContent + ' – prepsearch';
    appendMeta(byId('detail-meta'), doc).append(...doc.translations.map((other) =>
      docLink(other, { textContent: NAMES[other.language] || other.language, lang: other.language })));
    renderText(text, doc.text);
    // Where it is published (a built site's page at its heading), if the server knows.
    const link = /^https?:\/\//.test(doc.link || '') ? doc.link : '';
    byId('detail-link').href = link || '/';
    byId('detail-source').hidden = !link;
    const hits = (await fetchJson(apiUrl('', path + '/related', []))).results;
    if (state.doc !== id) return;
    relatedList.append(...hits.map((hit) => li(docLink(hit))));
    related.hidden = !hits.length;
  } catch (error) {
    if (state.doc === id && !text.childElementCount) title.textContent = t('Not found: %s', error.message);
  }
}

// Stored text is plain with "- " lists: paragraphs and lists, as text.
function renderText(node, text) {
  for (const block of String(text).split(/\n\s*\n/)) {
    const lines = block.split('\n').filter((line) => line.trim());
    if (!lines.length) continue;
    if (lines.every((line) => /^\s*[-*] /.test(line))) {
      const list = node.appendChild(el('ul'));
      for (const line of lines) list.append(el('li', '', line.replace(/^\s*[-*] /, '')));
    } else {
      node.append(el('p', '', lines.join('\n')));
    }
  }
}

function closeDoc() {
  const from = state.doc;
  if (history.state && history.state.fromResults) return history.back();
  state.doc = '';
  commit(true);
  showDetail();
  restoreFocus(from);
}

function restoreFocus(doc) {
  const link = [...results.querySelectorAll('a')].find((a) => a.dataset.doc === doc);
  (link || input).focus();
}

// Everything on screen follows the URL: used on load and on back/forward.
function applyUrl() {
  const before = state;
  state = readUrl();
  input.value = state.q;
  setTitle();
  const sameSearch = urlOf({ ...state, doc: '' }) === urlOf({ ...before, doc: '' });
  if (!sameSearch || !results.children.length) search(false);
  showDetail();
  if (!state.doc && before.doc) restoreFocus(before.doc);
}

input.addEventListener('input', () => {
  state.q = input.value;
  state.doc = '';
  commit(!typing);
  typing = true;
  showDetail();
  clearTimeout(settleTimer);
  clearTimeout(timer);
  // Answers to the text before this keystroke are stale: drop them, and stay busy until it is searched.
  seq++;
  results.setAttribute('aria-busy', 'true');
  timer = setTimeout(() => search(false), DEBOUNCE_MS);
});
input.addEventListener('blur', () => { typing = false; });
addEventListener('pagehide', () => { if (results.children.length) reportSearch(); });
input.addEventListener('keydown', (event) => {
  if (event.key === 'ArrowDown' && results.firstElementChild && !state.doc) {
    event.preventDefault();
    results.querySelector('a').focus();
  }
});

byId('search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  state.q = input.value;
  searchNow(false);
});

results.addEventListener('keydown', (event) => {
  const links = [...results.querySelectorAll('a')];
  const at = links.indexOf(document.activeElement);
  const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
  if (!step || at < 0) return;
  event.preventDefault();
  const next = links[at + step];
  if (next) next.focus();
  else if (step < 0) input.focus();
  else if (!more.hidden) more.focus();
});

// A plain click on a result or related link opens it here.
const open = (fromResults) => (event) => {
  const link = event.target.closest('a');
  if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  typing = false;
  state.doc = link.dataset.doc;
  if (fromResults) reportClick(state.doc);
  history.pushState({ fromResults }, '', urlOf(state));
  showDetail();
};
results.addEventListener('click', open(true));
relatedList.addEventListener('click', open(false));

facets.addEventListener('click', (event) => {
  const chip = event.target.closest('button');
  if (chip) toggleFilter(chip.dataset.field, chip.dataset.value);
});
examples.addEventListener('click', (event) => {
  const example = event.target.closest('button');
  if (example) setQuery(example.textContent);
});
didYouMean.querySelector('button').addEventListener('click', (event) => setQuery(event.target.textContent));
more.addEventListener('click', () => search(true));
byId('back').addEventListener('click', closeDoc);
detail.addEventListener('keydown', (event) => { if (event.key === 'Escape') closeDoc(); });
byId('hl').addEventListener('click', () => {
  try { localStorage.setItem('hl', hl === 'es' ? 'en' : 'es'); } catch { /* this page only */ }
  location.reload();
});
byId('permalink').addEventListener('focus', (event) => event.target.select());
document.addEventListener('keydown', (event) => {
  const target = event.target;
  const editing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
  if (event.key === '/' && !editing && !event.ctrlKey && !event.metaKey && !event.altKey) {
    event.preventDefault();
    input.focus();
    input.select();
  }
});
window.addEventListener('popstate', () => { typing = false; applyUrl(); });
byId('example-list').append(...['N+1', 'Celery', 'select_related', 'cache.get', 'middleware'].map((q) => li(el('button', 'example', q))));
translatePage();
applyUrl();
if (!state.doc) input.focus();
