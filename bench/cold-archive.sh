#!/usr/bin/env bash
# Cold install of a ~100 MB .tar.gz (mostly incompressible random data in a few files, plus bin/big) served
# by a loopback HTTP server:
#   env   `dotnet build env.proj`: fetch, check the sha256, unpack, NAR-hash, add to the store, lock, shell.
#         Each run starts with a fresh store, a fresh download cache and no .envsdk/ (so no stamps); the
#         NuGet packages folder holding the SDK stays warm (resolving the SDK is not what is measured), and
#         env.lock.json stays, as in a fresh clone of a repository that commits it.
#   nix   `nix-prefetch-url --unpack URL` (nix-bin): fetch, unpack, NAR-hash, add to the store. Each run gets a
#         fresh private store (--store local?root=...) and fresh state, log and cache folders.
#   curl  `curl | tee >(sha256sum) | tar xz`: the floor, fetch + hash + unpack and nothing else.
# Goal: env/nix <= 1.0.
set -euo pipefail
DEFAULT_RUNS=10
. "$(dirname "$0")/lib.sh"
bench_parse_args "$@"
bench_require dotnet hyperfine python3 tar gzip sha256sum curl nix-prefetch-url
bench_setup_tmp
bench_pack_sdk
bench_isolate

bench_big_archive
www="$TMP/www"

bench_serve "$www"
url="http://127.0.0.1:$PORT/big-1.0.tar.gz"

proj="$TMP/proj"
mkdir -p "$proj"
bench_nuget_config "$proj" "$SDK_FEED"
cat >"$proj/env.proj" <<XML
<Project Sdk="Env.Sdk/$SDK_VERSION">
  <ItemGroup>
    <Tool Include="big" Version="1.0" Url="$url" Hash="$hash" />
  </ItemGroup>
</Project>
XML

# Each prepare ends with sync, so the previous run's 100 MB of dirty pages are not written back during the next.
# Nix against a private store and private state; nothing of the machine's /nix is read or written.
export NIX_STATE_DIR="$TMP/nix/state" NIX_LOG_DIR="$TMP/nix/log" NIX_CONF_DIR="$TMP/nix/conf"
mkdir -p "$NIX_CONF_DIR"
: >"$NIX_CONF_DIR/nix.conf"
nixroot="$TMP/nix/root"
floor="$TMP/floor"

cd "$proj"
echo "== first build (writes env.lock.json, warms the SDK in the packages folder)" >&2
dotnet build env.proj -nr:false -v:m >&2
bash -c '. ./.envsdk/activate && big ok' >&2

fresh_env="rm -rf '$ENVSDK_STORE' '$ENVSDK_CACHE' '$proj/.envsdk'; sync"
fresh_nix="chmod -R u+w '$TMP/nix/root' 2>/dev/null || true; rm -rf '$nixroot' '$NIX_STATE_DIR' '$NIX_LOG_DIR' '$TMP/nix/xdg-cache'; mkdir -p '$TMP/nix/xdg-cache'; sync"
fresh_floor="rm -rf '$floor'; mkdir -p '$floor'; sync"

bench_hyperfine cold-archive env curl --shell bash --warmup 1 --runs "$RUNS" \
  --prepare "$fresh_env" -n env "dotnet build env.proj -nr:false" \
  --prepare "$fresh_nix" -n nix "XDG_CACHE_HOME='$TMP/nix/xdg-cache' nix-prefetch-url --store 'local?root=$nixroot' --unpack '$url'" \
  --prepare "$fresh_floor" -n curl "curl -sSf '$url' | tee >(sha256sum >/dev/null) | tar xz -C '$floor'"

# Every run really downloaded: the priming build, then (warmup + runs) for each of the three commands.
gets="$(grep -c 'GET /big-1.0.tar.gz' "$TMP/http-server.log" || true)"
echo "   the server answered $gets requests for the archive (expected $((1 + 3 * (RUNS + 1))))" >&2

# And each left the whole tree behind (the last run of each is not cleaned up before this point).
echo "   unpacked: env $(du -sm "$ENVSDK_STORE" | cut -f1) MiB, nix $(du -sm "$nixroot/nix/store" | cut -f1) MiB, curl $(du -sm "$floor" | cut -f1) MiB" >&2

# The floor's ratio came first (informative); the last line is the goal's.
bench_ratio cold-archive env nix | tail -n2
