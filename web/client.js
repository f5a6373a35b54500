// The client the search page (app.js) and <prepsearch-box> (embed.js) share: elements,
// snippets, URLs and fetch, as window.prepsearch.
(function () {
  'use strict';
  const ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'" };

  // An element with `props` as properties and `attrs` as attributes.
  function h(tag, props, attrs) {
    const node = Object.assign(document.createElement(tag), props);
    for (const name in attrs) node.setAttribute(name, attrs[name]);
    return node;
  }

  // The server escapes snippet text and adds only <mark> and </mark>: split on those and insert
  // the rest as text, so no other markup can reach the page.
  function appendSnippet(node, html) {
    let target = node;
    for (const part of String(html).split(/(<\/?mark>)/)) {
      if (part === '<mark>') target = node.appendChild(h('mark'));
      else if (part === '</mark>') target = node;
      else if (part) target.append(part.replace(/&(lt|gt|amp|quot|#39);/g, (m, e) => ENTITIES[e]));
    }
    return node;
  }

  function apiUrl(endpoint, path, params) {
    const query = new URLSearchParams(params).toString();
    return endpoint.replace(/\/+$/, '') + path + (query ? '?' + query : '');
  }

  async function fetchJson(url, signal) {
    const response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error((body && body.error && body.error.message) || 'HTTP ' + response.status);
    return body;
  }

  window.prepsearch = { h, appendSnippet, apiUrl, fetchJson };
})();
