#!/usr/bin/env bash
# Runs every benchmark (packing the SDK and the tool packages once for all of them) and prints their RATIO
# lines together at the end. --runs N is passed on to each; without it each uses its own default.
# The hyperfine JSON exports are kept in bench/results/ when --keep-json is given.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
args=()
keep_json=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) [ $# -ge 2 ] || { echo "usage: $(basename "$0") [--runs N] [--keep-json]" >&2; exit 2; }; args+=(--runs "$2"); shift 2 ;;
    --runs=*) args+=("$1"); shift ;;
    --keep-json) keep_json=1; shift ;;
    -h|--help) echo "usage: $(basename "$0") [--runs N] [--keep-json]" >&2; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

shared="$(mktemp -d "${TMPDIR:-/tmp}/envsdk-bench-all.XXXXXX")"
trap 'chmod -R u+w "$shared" 2>/dev/null || true; rm -rf "$shared"' EXIT
export BENCH_SHARED="$shared"
if [ -n "$keep_json" ]; then export BENCH_RESULTS="$here/results"; else unset BENCH_RESULTS; fi

ratios="$shared/ratios.txt"
: >"$ratios"
status=0
for bench in noop-build noop-solution cold-archive cold-nuget-tools activate hook direnv print home-switch image image-base run verify; do
  echo "######## $bench" >&2
  start=$SECONDS
  if bash "$here/$bench.sh" "${args[@]+"${args[@]}"}" | tee "$shared/$bench.out"; then
    grep -E '^(RATIO|CPURATIO|MEAN|LOAD|PERPROMPT) ' "$shared/$bench.out" >>"$ratios" || true
  else
    echo "RATIO $bench FAILED" >>"$ratios"
    status=1
  fi
  echo "######## $bench took $((SECONDS - start)) s" >&2
done

echo
echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(dotnet --version 2>/dev/null | head -n1 | sed 's/^/.NET SDK /')"
grep -E '^(MEAN|LOAD) ' "$ratios" || true
# One RATIO line per goal (cold-archive's env/curl line is informative, its env/nix line is the goal).
grep -E '^(CPURATIO|RATIO) ' "$ratios"
exit $status
