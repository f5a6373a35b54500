#!/bin/sh
# Every flag a program's --help lists is in its manual page, and the manual lists no flag the
# program does not have. Usage: tests/system/man_pages.sh BIN_DIR SOURCE_DIR
set -u
bin=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for program in prepsearch-index prepsearch-serve prepsearch-query; do
  "$bin/$program" --help | sed -n 's/^ *\(-h,\)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p' | sort -u >"$work/help"
  grep -o '\\-\\-[a-z]\(\\-\|[a-z]\)*' "$src/deploy/package/$program.1" | sed 's/\\-/-/g' | sort -u >"$work/man"
  missing=$(comm -23 "$work/help" "$work/man" | tr '\n' ' ')
  extra=$(comm -13 "$work/help" "$work/man" | tr '\n' ' ')
  if [ -n "$missing" ]; then echo "$program.1 lacks: $missing"; status=1; fi
  if [ -n "$extra" ]; then echo "$program.1 names flags $program does not have: $extra"; status=1; fi
done
[ $status -eq 0 ] && echo "manual pages list every flag of --help"
exit $status
