#!/usr/bin/env bash
# Run every CLI command with its default/bundled configuration into DIR, or
# compare two such directories.
#
#   scripts/check_outputs_identical.sh run DIR        # write outputs of every command
#   scripts/check_outputs_identical.sh diff REF NEW   # byte-compare; manifests modulo
#                                                      # their commit/timestamp fields
#   scripts/check_outputs_identical.sh check REF [NEW] # run into NEW (default /tmp/new) then diff
#
# PYTHON (default: python) selects the interpreter.  Exit status 1 when any file differs.
set -euo pipefail
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
PY=${PYTHON:-python}
HERE=$(cd "$(dirname "$0")/.." && pwd)

run() {
  local out=$1
  rm -rf "$out"; mkdir -p "$out"
  cd "$HERE"
  nice -n 10 "$PY" cli.py attribute --window 2025-04 --out "$out/att"
  nice -n 10 "$PY" cli.py features --window 2025-04 --out "$out/features"
  nice -n 10 "$PY" cli.py breaks --window 2025-04 --out "$out/breaks"
  nice -n 10 "$PY" cli.py panel --window 2025-04 --out "$out/panel"
  nice -n 10 "$PY" cli.py nowcast --window 2025-04 --out "$out/nowcast"
  nice -n 10 "$PY" cli.py termpremium --window 2025-04-04:2025-04-11 --out "$out/termpremium"
}

# The only manifest field allowed to differ: the commit that wrote it.
VOLATILE='"git_commit"'

strip_manifest() {
  grep -v -E "^\s*$VOLATILE\s*:" "$1" || true
}

compare() {
  local ref=$1 new=$2 status=0
  local a b rel
  # same set of files (run folders may carry a timestamp: compare relative to each command root)
  diff <(cd "$ref" && find . -type f | sed -E 's#/[0-9]{8}T[0-9]{6}[^/]*/#/RUN/#' | sort) \
       <(cd "$new" && find . -type f | sed -E 's#/[0-9]{8}T[0-9]{6}[^/]*/#/RUN/#' | sort) \
    || { echo "file lists differ"; status=1; }
  while IFS= read -r rel; do
    a="$ref/$rel"; b="$new/$rel"
    [ -f "$b" ] || continue
    case "$rel" in
      *manifest*.json|*manifest*.yaml)
        cmp -s <(strip_manifest "$a") <(strip_manifest "$b") \
          || { echo "DIFF (manifest beyond commit/timestamp) $rel"; diff <(strip_manifest "$a") <(strip_manifest "$b") | head -20; status=1; } ;;
      *)
        cmp -s "$a" "$b" || { echo "DIFF $rel"; status=1; } ;;
    esac
  done < <(cd "$ref" && find . -type f | sort)
  if [ $status -eq 0 ]; then echo "identical: $(cd "$ref" && find . -type f | wc -l) files"; fi
  return $status
}

case "${1:-}" in
  run) run "$2" ;;
  diff) compare "$2" "$3" ;;
  check) new=${3:-/tmp/new}; run "$new" >/dev/null; compare "$2" "$new" ;;
  *) sed -n 2,10p "$0"; exit 2 ;;
esac
