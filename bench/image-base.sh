#!/usr/bin/env bash
# An env on a base image beside the .NET SDK's own container publishing, into the same base, warm (built once before):
#   env    `dotnet build env.proj -t:PublishContainer -p:ContainerArchiveOutputPath=…` of an env holding one .NET tool
#          (Bench.ToolA), on ContainerBaseImage: the tag asked again, the lock's digest pulled (its layers from the
#          download cache), the base's layers, a layer per store entry, the profile layer, config, manifest, the archive.
#   sdk    `dotnet publish hello.csproj -t:PublishContainer -p:ContainerArchiveOutputPath=…` of a hello console app on
#          the same base: what a .NET developer already runs to put one app on a base image.
# The base: this machine's .NET runtime, /bin/sh and the libraries they load (umoci), served by docker-registry on
# 127.0.0.1 over plain HTTP (DOTNET_CONTAINER_INSECURE_REGISTRIES). Goal: env/sdk <= 1.0 (an env's image costs no more
# than one app's).
set -euo pipefail
DEFAULT_RUNS=10
. "$(dirname "$0")/lib.sh"
bench_parse_args "$@"
bench_require dotnet hyperfine docker-registry skopeo umoci ldd tar
bench_setup_tmp
bench_pack_sdk
bench_build_dotnet_tools
bench_isolate

echo "== the base: the .NET runtime, sh and their libraries" >&2
dotnet_dir="$(dirname "$(readlink -f "$(command -v dotnet)")")"
runtime="$(ls -d "$dotnet_dir"/shared/Microsoft.NETCore.App/* | sort | tail -n1)"
root="$TMP/base-root"
mkdir -p "$root/usr/share/dotnet/shared/Microsoft.NETCore.App" "$root/bin" "$root/tmp" "$root/proc"
cp -a "$dotnet_dir/dotnet" "$dotnet_dir/host" "$root/usr/share/dotnet/"
cp -a "$runtime" "$root/usr/share/dotnet/shared/Microsoft.NETCore.App/"
cp -L /bin/dash "$root/bin/sh"
for f in "$dotnet_dir/dotnet" /bin/dash $(find "$dotnet_dir/host" "$runtime" -name '*.so'); do ldd "$f" 2>/dev/null | grep -o '/[^ ]*' || true; done | sort -u |
  while read -r lib; do mkdir -p "$root$(dirname "$lib")"; [ -f "$root$lib" ] || cp -L "$lib" "$root$lib"; done
umoci init --layout "$TMP/layout" >&2
umoci new --image "$TMP/layout:base" >&2
umoci insert --image "$TMP/layout:base" "$root" / >&2
umoci config --image "$TMP/layout:base" --config.env "PATH=/usr/share/dotnet:/usr/bin:/bin" --config.env "DOTNET_ROOT=/usr/share/dotnet" --os linux --architecture amd64 >&2

echo "== a registry on 127.0.0.1" >&2
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
cat >"$TMP/registry.yml" <<YML
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $TMP/registry
http:
  addr: 127.0.0.1:$port
YML
docker-registry serve "$TMP/registry.yml" >"$TMP/registry.log" 2>&1 &
BENCH_PIDS+=($!)
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
skopeo copy --dest-tls-verify=false "oci:$TMP/layout:base" "docker://127.0.0.1:$port/dotnet-base:10" >&2
export DOTNET_CONTAINER_INSECURE_REGISTRIES="127.0.0.1:$port"
base="127.0.0.1:$port/dotnet-base:10"

env_dir="$TMP/env"
mkdir -p "$env_dir"
bench_nuget_config "$env_dir" "$SDK_FEED" "$TOOL_FEED"
cat >"$env_dir/env.proj" <<XML
<Project Sdk="Env.Sdk/$SDK_VERSION">
  <PropertyGroup>
    <ContainerBaseImage>$base</ContainerBaseImage>
  </PropertyGroup>
  <ItemGroup>
    <Tool Include="Bench.ToolA" Version="1.0.0" />
  </ItemGroup>
</Project>
XML

app_dir="$TMP/hello"
mkdir -p "$app_dir"
bench_nuget_config "$app_dir"
cat >"$app_dir/hello.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <EnableSdkContainerSupport>true</EnableSdkContainerSupport>
    <ContainerBaseImage>$base</ContainerBaseImage>
    <ContainerRepository>hello</ContainerRepository>
  </PropertyGroup>
</Project>
XML
echo 'System.Console.WriteLine("hello");' >"$app_dir/Program.cs"

echo "== first image of each (the env restored, the base pulled, the app built)" >&2
(cd "$env_dir" && dotnet build env.proj -nr:false -t:PublishContainer -p:ContainerArchiveOutputPath="$TMP/env.tar" -v:m >&2)
(cd "$app_dir" && dotnet publish hello.csproj -nr:false -t:PublishContainer -p:ContainerArchiveOutputPath="$TMP/sdk.tar.gz" -v:m >&2)

bench_hyperfine image-base env sdk --shell bash --warmup 1 --runs "$RUNS" \
  -n env "cd '$env_dir' && dotnet build env.proj -nr:false -t:PublishContainer -p:ContainerArchiveOutputPath='$TMP/env.tar'" \
  -n sdk "cd '$app_dir' && dotnet publish hello.csproj -nr:false -t:PublishContainer -p:ContainerArchiveOutputPath='$TMP/sdk.tar.gz'"

echo "   sizes: env image archive $(du -k "$TMP/env.tar" | cut -f1) KiB, SDK's hello image archive $(du -k "$TMP/sdk.tar.gz" | cut -f1) KiB (both hold the base's layer)" >&2
bench_ratio image-base env sdk | tail -n2
