#!/usr/bin/env bash
# An env as an OCI image archive, warm (the env built, its tools in the store):
#   env    `dotnet build env.proj -t:PublishContainer -p:ContainerArchiveOutputPath=…`: the up-to-date build, a
#          layer per store entry (made once with GNU tar + gzip, hashed both ways, then taken from the layer cache), the
#          profile layer, config, manifest, the archive.
#   floor  the same closure tarred and gzipped by GNU tar and gzip -6 into one file (`tar -C STORE -czf … ENTRY`), what
#          any image of these bytes must at least do; no MSBuild.
# The env holds the ~100 MB archive of cold-archive.sh (three 33 MiB files of random data). Goal: env/floor <= 1.5.
# Beside `dotnet publish -t:PublishContainer` of a hello app on a base image: bench/image-base.sh.
set -euo pipefail
DEFAULT_RUNS=10
. "$(dirname "$0")/lib.sh"
bench_parse_args "$@"
bench_require dotnet hyperfine python3 tar gzip
bench_setup_tmp
bench_pack_sdk
bench_isolate

bench_big_archive
bench_serve "$TMP/www"
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

cd "$proj"
echo "== first build and image (the env in the store, the SDK warm)" >&2
dotnet build env.proj -nr:false -t:PublishContainer -p:ContainerArchiveOutputPath="$TMP/env.tar" -v:m >&2
entry="$(cd "$ENVSDK_STORE" && ls -d *-big-1.0)"

bench_hyperfine image env floor --shell bash --warmup 1 --runs "$RUNS" \
  -n env "dotnet build env.proj -nr:false -t:PublishContainer -p:ContainerArchiveOutputPath='$TMP/env.tar'" \
  -n floor "tar -C '$ENVSDK_STORE' -cf - '$entry' | gzip -6 > '$TMP/floor.tar.gz'"

echo "   sizes: image archive $(du -m "$TMP/env.tar" | cut -f1) MiB, closure tar.gz $(du -m "$TMP/floor.tar.gz" | cut -f1) MiB" >&2
bench_ratio image env floor | tail -n2
