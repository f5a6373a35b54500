#!/bin/sh
# The Debian package (`make package`): CPack builds it from this build, lintian reports
# nothing (no error, no warning), and the programs unpacked from it index the packaged corpus
# and find N+1 in it.
# Usage: tests/deploy/package.sh BUILD_DIR   (exit 77: lintian is not installed)
set -eu
build=$(cd "$1" && pwd)
command -v lintian >/dev/null || { echo "lintian is not installed: skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$build"
cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/out/prepsearch_*.deb)
lintian --fail-on error,warning "$deb" ||
  { echo "FAIL: lintian"; exit 1; }
dpkg-deb -x "$deb" "$work/root"
"$work/root/usr/bin/prepsearch-index" --quiet --db "$work/index" "$work/root/usr/share/prepsearch/corpus"
"$work/root/usr/bin/prepsearch-query" --db "$work/index" "N+1" >"$work/found"
grep -q 'django/not-knowing-the-n-1-query-problem' "$work/found" ||
  { echo "FAIL: the packaged programs did not find N+1"; cat "$work/found"; exit 1; }
for unit in prepsearch-serve.service prepsearch-reindex.timer prepsearch-replicate.service; do
  [ -f "$work/root/usr/lib/systemd/system/$unit" ] || [ -f "$work/root/lib/systemd/system/$unit" ] ||
    { echo "FAIL: $unit is not in the package"; exit 1; }
done
echo "package: $(basename "$deb"), lintian clean, its programs index and search"
