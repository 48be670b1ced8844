#!/usr/bin/env bash
# `dotnet env run`, against what a user would otherwise type. dotnet-env is installed from its package with
# `dotnet tool install --tool-path`, as a user would; csharpier 1.3.0 is fetched once from the machine's NuGet sources
# into a local folder feed, which is all the measured commands see.
#   warm      `dotnet-env run csharpier@1.3.0 --version` (pinned in the run lock, in the store)
#             vs `dotnet exec <csharpier dll> --version`, the floor of starting that tool.            Goal <= 1.25.
#   dispatch  `dotnet env run csharpier@1.3.0 --version` (through dotnet's dispatch to dotnet-env)
#             vs warm `dnx csharpier@1.3.0 --yes -- --version`.                                       Goal <= 0.5.
#   cold      the same with an empty store, download cache and run lock, from the local feed
#             vs `dnx` with an empty NuGet packages folder and HTTP cache, from the same feed.        Goal <= 0.5.
#   url       cold `dotnet-env run --url URL --hash H -- ok` of a ~100 MB .tar.gz from loopback HTTP
#             vs `nix-prefetch-url --unpack URL` into a private store (fetch, unpack, hash, add).      Goal <= 1.0.
set -euo pipefail
DEFAULT_RUNS=20
. "$(dirname "$0")/lib.sh"
bench_parse_args "$@"
bench_require dotnet hyperfine python3 tar gzip sha256sum nix-prefetch-url
# The SDK installs dnx beside dotnet, not always on PATH.
dnx="$(command -v dnx || echo "$(dirname "$(readlink -f "$(command -v dotnet)")")/dnx")"
[ -x "$dnx" ] || { echo "no dnx beside $(command -v dotnet) (it comes with the .NET 10 SDK)" >&2; exit 1; }
bench_setup_tmp
bench_pack_cli

if [ -n "${BENCH_SHARED:-}" ]; then RUN_FEED="$BENCH_SHARED/run-feed"; else RUN_FEED="$TMP/run-feed"; fi
if ! ls "$RUN_FEED"/csharpier.1.3.0.nupkg >/dev/null 2>&1; then
  echo "== fetching csharpier 1.3.0 into $RUN_FEED" >&2
  mkdir -p "$RUN_FEED"
  (cd "$TMP" && NUGET_PACKAGES="$TMP/fetch-packages" dotnet tool install csharpier --version 1.3.0 --tool-path "$TMP/fetch-tool" >&2)
  # A tool installed to a --tool-path keeps its package in the tool path's own .store.
  cp "$(find "$TMP/fetch-tool" "$TMP/fetch-packages" -name csharpier.1.3.0.nupkg | head -n1)" "$RUN_FEED/"
fi
bench_isolate
export XDG_STATE_HOME="$TMP/state"

(cd "$TMP" && dotnet tool install dotnet-env --version "$SDK_VERSION" --tool-path "$TMP/tools" --add-source "$SDK_FEED" >&2)
export PATH="$TMP/tools:$PATH"

work="$TMP/work"
mkdir -p "$work"
bench_nuget_config "$work" "$RUN_FEED"
cd "$work"

echo "== first runs (pin csharpier in the run lock; warm dnx)" >&2
dotnet-env run csharpier@1.3.0 --version >&2
"$dnx" csharpier@1.3.0 --yes -- --version >&2
dll="$(ls -d "$ENVSDK_STORE"/*-csharpier-1.3.0)/tools/net10.0/any/CSharpier.dll"
[ -f "$dll" ] || { echo "no $dll" >&2; exit 1; }

bench_hyperfine run-warm run exec --warmup 5 --runs "$RUNS" -N \
  -n run 'dotnet-env run csharpier@1.3.0 --version' \
  -n exec "dotnet exec --roll-forward Major $dll --version"

bench_hyperfine run-dispatch 'dotnet env run' dnx --warmup 3 --runs "$RUNS" -N \
  -n 'dotnet env run' 'dotnet env run csharpier@1.3.0 --version' \
  -n dnx "$dnx csharpier@1.3.0 --yes -- --version"

fresh_run="chmod -R u+w '$ENVSDK_STORE' 2>/dev/null || true; rm -rf '$ENVSDK_STORE' '$ENVSDK_CACHE' '$XDG_STATE_HOME'"
fresh_dnx="rm -rf '$NUGET_PACKAGES' '$NUGET_HTTP_CACHE_PATH'"
bench_hyperfine run-cold run dnx --shell bash --warmup 1 --runs "$(( RUNS < 10 ? RUNS : 10 ))" \
  --prepare "$fresh_run" -n run 'dotnet-env run csharpier@1.3.0 --version' \
  --prepare "$fresh_dnx" -n dnx "$dnx csharpier@1.3.0 --yes -- --version"

bench_big_archive
www="$TMP/www"
hash="sha256:$hash"
bench_serve "$www"
url="http://127.0.0.1:$PORT/big-1.0.tar.gz"
dotnet-env run --url "$url" --hash "$hash" -- ok >&2

export NIX_STATE_DIR="$TMP/nix/state" NIX_LOG_DIR="$TMP/nix/log" NIX_CONF_DIR="$TMP/nix/conf"
mkdir -p "$NIX_CONF_DIR"
: >"$NIX_CONF_DIR/nix.conf"
nixroot="$TMP/nix/root"
fresh_nix="chmod -R u+w '$TMP/nix/root' 2>/dev/null || true; rm -rf '$nixroot' '$NIX_STATE_DIR' '$NIX_LOG_DIR' '$TMP/nix/xdg-cache'; mkdir -p '$TMP/nix/xdg-cache'; sync"
bench_hyperfine run-url run nix --shell bash --warmup 1 --runs "$(( RUNS < 10 ? RUNS : 10 ))" \
  --prepare "$fresh_run; sync" -n run "dotnet-env run --url '$url' --hash '$hash' -- ok" \
  --prepare "$fresh_nix" -n nix "XDG_CACHE_HOME='$TMP/nix/xdg-cache' nix-prefetch-url --store 'local?root=$nixroot' --unpack '$url'"
