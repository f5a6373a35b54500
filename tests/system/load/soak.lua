-- wrk: each request searches the next of a fixed list of queries (words, code terms, typos,
-- prefixes, filters), so the soak covers the whole query path, not one cached page.
local queries = {
  "q=N%2B1", "q=select_related", "q=celery%20retry", "q=cache.get", "q=Django-Q", "q=C%2B%2B",
  "q=migrations", "q=celary", "q=what%20is%20the%20difference", "q=signals%20post_save",
  "q=dja", "q=class%20based%20views", "q=&level=advanced", "q=orm&kind=question",
  "q=%22select_related%22%20OR%20prefetch", "q=-cache%20queries", "q=title:django",
  "q=scalability&limit=50", "q=django&offset=20", "q=csrf%20token",
}
local paths = {}
for i, q in ipairs(queries) do paths[i] = "/api/search?" .. q end
paths[#paths + 1] = "/api/suggest?q=sel"
paths[#paths + 1] = "/healthz"
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
