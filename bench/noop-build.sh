#!/usr/bin/env bash
# No-op build: `dotnet build env.proj` of an environment whose three tools (a .tar.gz archive, a .NET tool
# package and a package of native binaries) are already installed and whose shell is up to date, against
# `dotnet build bare.proj` of a project with empty Restore and Build targets, both with node reuse off.
# The difference is what Env.Sdk costs on every build that changes nothing. Goal: ratio <= 1.15.
set -euo pipefail
DEFAULT_RUNS=10
. "$(dirname "$0")/lib.sh"
bench_parse_args "$@"
bench_require dotnet hyperfine python3 tar sha256sum
bench_setup_tmp
bench_pack_sdk
bench_build_dotnet_tools
bench_isolate

# A native-binaries package, as Google.Protobuf.Tools is: a zip with a nuspec and tools/linux_x64/<program>.
native_feed="$TMP/native-feed"
mkdir -p "$native_feed"
python3 - "$native_feed/Bench.Native.2.0.0.nupkg" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("Bench.Native.nuspec", """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
  <metadata><id>Bench.Native</id><version>2.0.0</version><authors>bench</authors><description>native</description></metadata>
</package>""")
    z.writestr("tools/linux_x64/bench-native", "#!/bin/sh\necho bench-native \"$@\"\n")
    z.writestr("[Content_Types].xml", "<Types/>")
PY

# A small archive tool with a single top folder holding bin/greet.
mkdir -p "$TMP/archive/greet-1.0/bin"
printf '#!/bin/sh\necho "greet $*"\n' >"$TMP/archive/greet-1.0/bin/greet"
chmod +x "$TMP/archive/greet-1.0/bin/greet"
tar czf "$TMP/greet-1.0.tar.gz" -C "$TMP/archive" greet-1.0
hash="$(sha256sum "$TMP/greet-1.0.tar.gz" | cut -d' ' -f1)"

proj="$TMP/proj"
mkdir -p "$proj"
bench_nuget_config "$proj" "$SDK_FEED" "$TOOL_FEED" "$native_feed"
cat >"$proj/env.proj" <<XML
<Project Sdk="Env.Sdk/$SDK_VERSION">
  <ItemGroup>
    <Tool Include="greet" Version="1.0" Url="file://$TMP/greet-1.0.tar.gz" Hash="$hash" />
    <Tool Include="bench-a" Package="Bench.ToolA" Version="1.0.0" />
    <Tool Include="bench-native" Package="Bench.Native" Version="2.0.0" Bin="tools/linux_x64/bench-native" />
    <EnvVar Include="BENCH_GREETING" Value="hello" />
  </ItemGroup>
</Project>
XML
echo '<Project><Target Name="Restore"/><Target Name="Build"/></Project>' >"$proj/bare.proj"

cd "$proj"
echo "== first (real) build of env.proj" >&2
dotnet build env.proj -nr:false -v:m >&2
# The tools are really installed and on the dev shell's PATH.
bash -c '. ./.envsdk/activate && greet ok && bench-a ok && bench-native ok' >&2

bench_hyperfine noop-build env bare --warmup 3 --runs "$RUNS" \
  -n env 'dotnet build env.proj -nr:false' \
  -n bare 'dotnet build bare.proj -nr:false'
