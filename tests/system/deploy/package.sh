#!/bin/sh
# The Debian package (`make package`) runs as packaged. CPack builds it from this build;
# lintian reports nothing; it ships the tracked corpus and page only. Unpacked into a scratch
# root, the units' own commands run there in order, as the service user: the reindex, then
# the server, which then finds N+1. As root with no prepsearch package installed, the .deb is
# also installed with dpkg -i, the same commands run on the real paths, and it is purged.
# Usage: tests/system/deploy/package.sh BUILD_DIR   (exit 77: lintian is not installed)
set -eu
build=$(cd "$1" && pwd)
source=$(cd "$(dirname "$0")/../../.." && pwd)
command -v lintian >/dev/null || { echo "lintian is not installed: skipped"; exit 77; }
work=$(mktemp -d)
user=prepsearch
made_user=""
server=""
port=""
cleanup() {
  if [ -n "$server" ]; then pkill -f -- "--port $port " 2>/dev/null || true; fi
  if [ -n "$made_user" ]; then userdel "$user" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

cd "$build"
cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/out/prepsearch_*.deb)
lintian --fail-on error,warning "$deb" || fail "lintian"
dpkg-deb -x "$deb" "$work/root"
units="$work/root/usr/lib/systemd/system"
[ -d "$units" ] || units="$work/root/lib/systemd/system"
for unit in prepsearch-serve.service prepsearch-reindex.timer prepsearch-replicate.service; do
  [ -f "$units/$unit" ] || fail "$unit is not in the package"
done

# Only what git tracks is shipped (an untracked draft page in corpus/ is not).
if git -C "$source" rev-parse >/dev/null 2>&1; then
  for folder in corpus web; do
    shipped=$(cd "$work/root/usr/share/prepsearch/$folder" && find . -type f | sed 's|^\./||' | sort)
    tracked=$(git -C "$source/$folder" ls-files | sort)
    [ "$shipped" = "$tracked" ] || fail "$folder/ in the package is not what git tracks: $shipped"
  done
fi

# A unit's ExecStart (or Environment) value; `root` is put before every absolute path the
# package owns, and the port 8080 becomes `port`.
unit_value() {
  sed -n "s/^$2=//p" "$units/$1" | sed -e "s|/usr/|$3/usr/|g" -e "s|/var/lib/|$3/var/lib/|g" \
    -e "s|--port 8080|--port $4|"
}

# As the service user (runuser) when root, else as whoever runs the test.
as_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi
}

# Runs the reindex unit's command, then the serve unit's, under `root`, and searches.
run_units() {
  root=$1
  port=$(shuf -i 20000-60000 -n 1)
  # shellcheck disable=SC2046  # the unit's Environment= words, as systemd splits them
  as_user env $(unit_value prepsearch-reindex.service Environment "$root" "$port") \
    sh -c "$(unit_value prepsearch-reindex.service ExecStart "$root" "$port")" 2>"$work/reindex.log" ||
    { cat "$work/reindex.log"; fail "the reindex unit's command failed under ${root:-/}"; }
  [ -f "$root/var/lib/prepsearch/index" ] || fail "no index at $root/var/lib/prepsearch/index"
  as_user sh -c "exec $(unit_value prepsearch-serve.service ExecStart "$root" "$port")" 2>"$work/serve.log" &
  server=$!
  found=""
  for _ in $(seq 1 100); do
    found=$(curl -sf "http://127.0.0.1:$port/api/search?q=N%2B1&limit=1" 2>/dev/null) && break
    sleep 0.1
  done
  pkill -f -- "--port $port " 2>/dev/null || true  # the server, under runuser
  wait "$server" 2>/dev/null || true
  server=""
  echo "$found" | grep -q 'django/not-knowing-the-n-1-query-problem' ||
    { cat "$work/serve.log"; fail "the serve unit's command did not find N+1 under ${root:-/}"; }
}

# The service user, from the package's own sysusers.d file, when root and it is missing.
if [ "$(id -u)" = 0 ] && ! id "$user" >/dev/null 2>&1; then
  systemd-sysusers "$work/root/usr/lib/sysusers.d/prepsearch.conf" || fail "systemd-sysusers"
  made_user=yes
fi

# The scratch root, prepared as the package and systemd would: the folders of its
# tmpfiles.d file, and each unit's StateDirectory=, owned by the service user.
chmod 755 "$work"
sed -n 's/^d \([^ ]*\) \([0-7]*\) \([^ ]*\) \([^ ]*\).*/\1 \2 \3 \4/p' \
  "$work/root/usr/lib/tmpfiles.d/prepsearch.conf" >"$work/folders"
for unit in prepsearch-reindex.service prepsearch-serve.service; do
  sed -n "s|^StateDirectory=\(.*\)|/var/lib/\1 0755 $user $user|p" "$units/$unit" >>"$work/folders"
done
[ -s "$work/folders" ] || fail "the package makes no folder for the index"
while read -r path mode owner group; do
  mkdir -p "$work/root$path"
  chmod "$mode" "$work/root$path"
  [ "$(id -u)" = 0 ] && chown "$owner:$group" "$work/root$path"
done <"$work/folders"
run_units "$work/root"

# Installed for real, when that leaves the machine as it was.
if [ "$(id -u)" = 0 ] && ! dpkg-query -W prepsearch >/dev/null 2>&1 &&
   [ ! -e /var/lib/prepsearch ] && [ ! -e /var/lib/prepsearch-serve ]; then
  dpkg -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i"; }
  [ "$(stat -c %U /var/lib/prepsearch)" = "$user" ] || fail "dpkg -i left no /var/lib/prepsearch of $user"
  mkdir -p /var/lib/prepsearch-serve && chown "$user:$user" /var/lib/prepsearch-serve  # StateDirectory=
  status=0
  (run_units "") || status=$?
  dpkg --purge prepsearch >/dev/null 2>&1 || true
  rm -rf /var/lib/prepsearch /var/lib/prepsearch-serve
  [ "$status" = 0 ] || exit "$status"
  echo "installed with dpkg -i: the units' commands index, serve and find N+1; purged"
fi
echo "package: $(basename "$deb"), lintian clean, tracked files only; its units' commands run"
