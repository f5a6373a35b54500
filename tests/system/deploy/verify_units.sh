#!/bin/sh
# systemd-analyze verify on every unit in deploy/systemd, with the programs pointed at this
# build (verify checks that ExecStart= exists): fails on any error or warning.
# Usage: tests/system/deploy/verify_units.sh BIN_DIR SOURCE_DIR   (exit 77: no systemd-analyze)
set -eu
bin=$(cd "$1" && pwd)
src=$2
command -v systemd-analyze >/dev/null || { echo "systemd-analyze is not installed: skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for unit in "$src"/deploy/systemd/*.service "$src"/deploy/systemd/*.timer; do
  sed -e "s|/usr/bin/prepsearch-|$bin/prepsearch-|g" "$unit" >"$work/$(basename "$unit")"
done
cd "$work"
status=0
systemd-analyze verify ./*.service ./*.timer >"$work/verify.log" 2>&1 || status=$?
cat "$work/verify.log"
[ "$status" -eq 0 ] || { echo "FAIL: systemd-analyze verify exited $status"; exit 1; }
# Warnings (an unknown key, a bad value) do not change the exit status: refuse them too.
grep -q . "$work/verify.log" && { echo "FAIL: systemd-analyze verify printed warnings"; exit 1; }
echo "verify: $(ls "$work" | grep -c -e '\.service$' -e '\.timer$') units clean"
