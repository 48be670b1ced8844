#!/usr/bin/env bash
# dotnet env verify (issue 9): a ~1 GB store of 48 entries (each two 8 MB files, 500 files of 8 KB in 10 folders, links,
# executables), every entry named as Nix names it (nix-hash, then nix-store --print-fixed-path), then
#   verify    `dotnet-env verify` of the whole store (NAR hash of every entry, names recomputed and compared)
#   nix-hash  `nix-hash --type sha256 --base32` over the same trees, in one process
# side by side, warm page cache for both. Goal: verify/nix-hash <= 1.0. (nix-store --verify --check-contents needs
# Nix's database of the store, which a store nix did not make has not; nix-hash is what it computes per path.)
set -euo pipefail
DEFAULT_RUNS=5
. "$(dirname "$0")/lib.sh"
bench_parse_args "$@"
bench_require dotnet hyperfine python3 nix-hash nix-store
bench_setup_tmp
bench_pack_cli
bench_isolate

(cd "$TMP" && dotnet tool install dotnet-env --version "$SDK_VERSION" --tool-path "$TMP/tools" --add-source "$SDK_FEED" >&2)
export PATH="$TMP/tools:$PATH"

store="$ENVSDK_STORE"
mkdir -p "$store" "$TMP/trees"
echo "== writing a ~1 GB store into $store" >&2
python3 - "$TMP/trees" <<'PY'
import os, sys
root = sys.argv[1]
for e in range(48):
    d = os.path.join(root, f"tool{e}-1.0")
    os.makedirs(os.path.join(d, "bin"))
    for big in range(2):
        with open(os.path.join(d, f"blob{big}.bin"), "wb") as f:
            f.write(os.urandom(8 << 20))
    for i in range(500):
        sub = os.path.join(d, "share", f"part{i % 10}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"file{i}.dat"), "wb") as f:
            f.write(os.urandom(8 << 10))
    with open(os.path.join(d, "bin", f"tool{e}"), "w") as f:
        f.write("#!/bin/sh\necho tool\n")
    os.chmod(os.path.join(d, "bin", f"tool{e}"), 0o755)
    os.symlink(f"bin/tool{e}", os.path.join(d, "run"))
PY
for tree in "$TMP"/trees/*; do
  name="$(basename "$tree")"
  hash="$(nix-hash --type sha256 --base32 "$tree")"
  path="$(nix-store --print-fixed-path --recursive sha256 "$hash" "$name" 2>/dev/null)"
  mv "$tree" "$store/$(basename "$path")"
done
chmod -R a-w "$store"/*-1.0
du -sh "$store" >&2
dotnet-env verify >&2 || { echo "the generated store does not verify" >&2; exit 1; }

bench_hyperfine verify verify nix-hash --warmup 1 --runs "$RUNS" -N \
  -n verify "dotnet-env verify -v q" \
  -n nix-hash "sh -c 'nix-hash --type sha256 --base32 $store/*-1.0 >/dev/null'"
