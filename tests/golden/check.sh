#!/usr/bin/env bash
# Golden test: each shipped scenario, 3 replications at its fixed seed, gives
# exactly the committed JSON report. After an intended change of results,
# run scripts/update-goldens.sh and review the diff.
set -uo pipefail
livechat="$1"
root="$2"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for f in "$root"/scenarios/*.yaml; do
  name=$(basename "$f" .yaml)
  "$livechat" run "$f" --replications 3 --threads 2 --quiet --json "$tmp/$name.json"
  code=$?
  if [ $code -ne 0 ] && [ $code -ne 1 ]; then
    echo "FAIL: $name: livechat run exited $code" >&2
    status=1
    continue
  fi
  if ! diff -u "$root/tests/golden/$name.json" "$tmp/$name.json" >"$tmp/$name.diff"; then
    echo "FAIL: $name differs from tests/golden/$name.json:" >&2
    head -40 "$tmp/$name.diff" >&2
    status=1
  fi
done
[ $status -eq 0 ] && echo "golden: ok"
exit $status
