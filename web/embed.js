// <prepsearch-box>: a search box for other sites, in Shadow DOM (the host's CSS and ours stay
// apart; attributes in docs/page.md). It loads client.js, which the search page also uses.
(function () {
  'use strict';
  const script = document.currentScript;
  const scriptOrigin = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  // The client it shares with the search page (client.js), set by start().
  let h, appendSnippet, apiUrl, fetchJson;

  const CSS = `:host { display: block; max-width: 36rem; }
.wrap { all: initial; display: block; position: relative; font: 15px/1.4 system-ui, sans-serif;
  color: #1b1f24; --accent: #0b57d0; --bg: #fff; --line: #c4c9d0; }
@media (prefers-color-scheme: dark) { .wrap { color: #e6e9ee; --accent: #8ab4f8; --bg: #1e2126; --line: #4a5160; } }
input { box-sizing: border-box; width: 100%; font: inherit; color: inherit; background: var(--bg);
  border: 1px solid var(--line); border-radius: 6px; padding: .55em .75em; }
input:focus-visible { outline: 3px solid var(--accent); outline-offset: 1px; }
ul { position: absolute; z-index: 10; left: 0; right: 0; margin: .25em 0 0; padding: .25em; list-style: none;
  background: var(--bg); border: 1px solid var(--line); border-radius: 6px; box-shadow: 0 6px 18px #0003;
  max-height: 70vh; overflow: auto; }
ul[hidden] { display: none; }
a { display: block; padding: .45em .6em; border-radius: 4px; color: inherit; text-decoration: none; }
a[aria-selected="true"], a:hover { background: color-mix(in srgb, var(--accent) 14%, transparent); }
.title { display: block; font-weight: 600; color: var(--accent); }
.snippet { display: block; font-size: .9em; }
mark { background: #fde68a; color: #1b1f24; border-radius: 2px; }
.all, .status { font-size: .9em; border-top: 1px solid var(--line); margin: 0; padding: .45em .6em; }`;

  let sheet = null;
  function styleInto(root) {
    if (!('adoptedStyleSheets' in root)) return root.append(h('style', { textContent: CSS }));
    if (!sheet) (sheet = new CSSStyleSheet()).replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];  // not an inline <style>: works under a strict host CSP
  }

  let instances = 0;

  class PrepSearchBox extends HTMLElement {
    static get observedAttributes() { return ['placeholder']; }

    constructor() {
      super();
      const root = this.attachShadow({ mode: 'open' });
      styleInto(root);
      const id = 'prepsearch-list-' + ++instances;
      // Styles the host page sets on this element (colour, font) stop at .wrap.
      const wrap = root.appendChild(h('div', { className: 'wrap' }));
      this.input = wrap.appendChild(h('input', { type: 'search', autocomplete: 'off', spellcheck: false, maxLength: 1000 },
        { part: 'input', role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': id }));
      this.list = wrap.appendChild(h('ul', { id, hidden: true }, { role: 'listbox', part: 'results' }));
      this.active = -1;
      this.seq = 0;
      this.input.addEventListener('input', () => {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.search(), 150);
      });
      this.input.addEventListener('keydown', (event) => this.onKey(event));
      this.input.addEventListener('focus', () => this.open(this.list.childElementCount > 0));
      this.addEventListener('focusout', () => setTimeout(() =>
        this.open(!!this.shadowRoot.activeElement && this.list.childElementCount > 0), 150));
    }

    connectedCallback() { this.attributeChangedCallback(); }

    attributeChangedCallback() {
      const label = this.getAttribute('placeholder') || 'Search interview questions';
      this.input.placeholder = label;
      this.input.setAttribute('aria-label', label);
    }

    get endpoint() { return this.getAttribute('endpoint') || scriptOrigin; }

    params(q) {
      const limit = parseInt(this.getAttribute('limit'), 10);
      const params = [['q', q], ['limit', limit >= 1 && limit <= 20 ? limit : 5]];
      // The reader's language: the nearest lang attribute (the element's own, or the page's).
      const lang = (this.closest('[lang]') || {}).lang;
      if (/^[A-Za-z]{2}\b/.test(lang || '')) params.push(['lang', lang]);
      if (this.getAttribute('topic')) params.push(['topic', this.getAttribute('topic')]);
      return params;
    }

    async search() {
      const q = this.input.value.trim();
      const seq = ++this.seq;
      if (this.controller) this.controller.abort();
      this.controller = new AbortController();
      if (!q) return this.render(null, q);
      try {
        // As-you-type: not counted (log=0); the full page counts the searches people settle on.
        const data = await fetchJson(apiUrl(this.endpoint, '/api/search', [...this.params(q), ['log', 0]]), this.controller.signal);
        if (seq === this.seq) this.render(data, q);  // a newer keystroke wins: drop stale answers
      } catch (error) {
        if (seq === this.seq && error.name !== 'AbortError') this.render({ error }, q);
      }
    }

    // Where a result leads: result-url if given (http(s) only), else the page's detail view.
    href(hit, q) {
      const template = this.getAttribute('result-url');
      const fallback = apiUrl(this.endpoint, '/', [['doc', hit.id]]);
      if (!template) return fallback;
      const href = template.replace(/\{(id|url|q)\}/g, (m, key) =>
        key === 'url' ? hit.url || '' : encodeURIComponent(key === 'id' ? hit.id : q));
      try {
        const url = new URL(href, location.href);
        // A template naming its site keeps links there (not "https://site" + "@evil/x").
        const site = template[0] === '{' ? url : new URL(template.replace(/\{\w+\}/g, ''), location.href);
        return /^https?:$/.test(url.protocol) && url.origin === site.origin ? url.href : fallback;
      } catch (e) {
        return fallback;
      }
    }

    render(data, q) {
      this.list.replaceChildren();
      this.active = -1;
      this.input.removeAttribute('aria-activedescendant');
      if (!data) return this.open(false);
      const add = (node) => this.list.appendChild(h('li', {}, { role: 'presentation' })).appendChild(node);
      if (data.error) {
        add(h('p', { className: 'status', textContent: 'Search is unavailable right now.' }));
        return this.open(true);
      }
      const option = (id, href, className) =>
        add(h('a', { id: this.list.id + '-' + id, href, className, tabIndex: -1 }, { role: 'option' }));
      data.results.forEach((hit, index) => {
        const link = option(index, this.href(hit, q), '');
        const title = h('span', { className: 'title' });
        if (hit.title_marked) appendSnippet(title, hit.title_marked);
        else title.textContent = hit.title;
        link.append(title,
          appendSnippet(h('span', { className: 'snippet' }), hit.snippet));
      });
      option('all', apiUrl(this.endpoint, '/', this.params(q).filter(([key]) => key !== 'limit' && key !== 'lang')), 'all')
        .textContent = data.total ? `All ${data.total} results for “${q}” →` : `No results for “${q}”`;
      this.open(true);
    }

    open(show) {
      this.list.hidden = !show;
      this.input.setAttribute('aria-expanded', String(show));
    }

    onKey(event) {
      const links = [...this.list.querySelectorAll('a')];
      if (event.key === 'Escape') return this.open(false);
      if (event.key === 'Enter' && links[this.active]) {
        event.preventDefault();
        return links[this.active].click();
      }
      const step = { ArrowDown: 1, ArrowUp: -1 }[event.key];
      if (!step || !links.length) return;
      event.preventDefault();
      this.open(true);
      if (links[this.active]) links[this.active].removeAttribute('aria-selected');
      // Positions run from -1 (the input itself) to the last link, and wrap round.
      const next = this.active + step;
      this.active = next >= links.length ? -1 : next < -1 ? links.length - 1 : next;
      const link = links[this.active];
      if (!link) return this.input.removeAttribute('aria-activedescendant');
      link.setAttribute('aria-selected', 'true');
      link.scrollIntoView({ block: 'nearest' });
      this.input.setAttribute('aria-activedescendant', link.id);
    }
  }

  function start() {
    ({ h, appendSnippet, apiUrl, fetchJson } = window.prepsearch);
    if (!customElements.get('prepsearch-box')) customElements.define('prepsearch-box', PrepSearchBox);
  }
  if (window.prepsearch) start();
  else document.head.append(Object.assign(document.createElement('script'), { src: scriptOrigin + '/client.js', onload: start }));
})();
