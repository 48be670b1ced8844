#!/usr/bin/env bash
# direnv with the .envrc line `dotnet env direnv` prints, on a built env that is current: `direnv exec DIR true`
# against `direnv exec EMPTY true` for a folder whose .envrc is empty. What our line adds to every direnv load
# (finding the record, the staleness test, sourcing the activate script). Goal: ratio <= 1.3.
set -euo pipefail
DEFAULT_RUNS=30
. "$(dirname "$0")/lib.sh"
bench_parse_args "$@"
bench_require dotnet hyperfine python3 tar sha256sum direnv
bench_setup_tmp
bench_pack_cli
proj="$TMP/proj"
empty="$TMP/empty"
mkdir -p "$proj" "$empty"
bench_isolate
export XDG_STATE_HOME="$TMP/state" XDG_CONFIG_HOME="$TMP/xdg-config" XDG_DATA_HOME="$TMP/xdg-data"
# From $TMP: a nuget.config of the caller's folder (this repo's names artifacts/packages) must not serve another build.
(cd "$TMP" && dotnet tool install dotnet-env --version "$SDK_VERSION" --tool-path "$TMP/tools" --add-source "$SDK_FEED" >&2)
unset DIRENV_DIR DIRENV_FILE DIRENV_DIFF DIRENV_WATCHES

bench_greet_env "$proj"
echo "== building the env" >&2
dotnet build "$proj/env.proj" -nr:false -v:q >&2
(cd "$proj" && "$TMP/tools/dotnet-env" direnv >.envrc)
: >"$empty/.envrc"
direnv allow "$proj"
direnv allow "$empty"
# Sanity: direnv sees the env, and the env is current (no build during the measured runs).
[ "$(direnv exec "$proj" printenv BENCH_GREETING 2>/dev/null)" = hello ] || { echo "direnv does not load the env" >&2; exit 1; }
stamp="$(stat -c %Y.%y "$XDG_STATE_HOME/envsdk/dev$proj/.envsdk/id")"

bench_hyperfine direnv ours empty --warmup 3 --runs "$RUNS" \
  -n ours "direnv exec '$proj' true" \
  -n empty "direnv exec '$empty' true"
[ "$(stat -c %Y.%y "$XDG_STATE_HOME/envsdk/dev$proj/.envsdk/id")" = "$stamp" ] || echo "WARNING: a build ran during the benchmark" >&2
