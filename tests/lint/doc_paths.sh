#!/bin/sh
# Every path the documentation names in backticks is real: `search/searcher.cpp`, `web/app.js`,
# and a bare source file name (`snippet.cpp`) is a file somewhere in the tree. Run by `make lint`.
# Usage: tests/lint/doc_paths.sh [FILE.md...] (default: README.md, docs/*.md, bench/*.md)
cd "$(dirname "$0")/../.." || exit 2
[ $# -gt 0 ] || set -- README.md docs/*.md bench/*.md
files=$(git ls-files --cached --others --exclude-standard)

check() {  # DOC: one line per backticked span that names nothing
  grep -on '`[^` ]*`' "$1" | tr -d '`' | while IFS=: read -r line span; do
    path=${span%%:*}  # file:line, file:FUNCTION
    path=${path%%(*}  # file(function)
    case $path in
      core/* | indexer/* | search/* | server/* | web/* | tests/* | bench/* | docs/* | deploy/* | corpus/* | .ci/*)
        # What git holds, not what this checkout holds: build output (bench/out) is absent
        # from a fresh clone. A pathspec also takes a folder or a glob (core/document.*).
        [ -n "$(git ls-files --cached --others --exclude-standard -- "$path" | head -n 1)" ] ||
          echo "$1:$line: \`$span\` names no file or folder" ;;
      */* | *'<'* | [A-Z]*) ;;  # another place's path, a placeholder, a name (Node.js)
      *.cpp | *.h | *.js | *.mjs | *.sh | *.py)
        printf '%s\n' "$files" | grep -q -e "/$path\$" -e "^$path\$" ||
          echo "$1:$line: \`$span\` is no file of the tree" ;;
    esac
  done
}

problems=$(for doc in "$@"; do check "$doc"; done)
[ -z "$problems" ] && exit 0
printf '%s\n' "$problems"
exit 1
