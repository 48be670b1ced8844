#!/usr/bin/env bash
# No-op build: `dotnet build env.proj` of an environment whose three tools (a .tar.gz archive, a .NET tool
# package and a package of native binaries) are already installed and whose shell is up to date, against
# `dotnet build bare.proj` of a project with empty Restore and Build targets, both with node reuse off.
# The difference is what Env.Sdk costs on every build that changes nothing. Goals: env/bare <= 1.15, and
# Env.Sdk's own share, env/empty-sdk (below), <= 1.05.
set -euo pipefail
DEFAULT_RUNS=20
. "$(dirname "$0")/lib.sh"
bench_parse_args "$@"
bench_require dotnet hyperfine python3 tar sha256sum
bench_setup_tmp
bench_pack_sdk
bench_build_dotnet_tools
# The peer: Microsoft.Build.NoTargets, the NuGet-delivered SDK for projects that build no assembly.
NOTARGETS_VERSION=3.7.0
mkdir -p "$TMP/peer-src"
cat >"$TMP/peer-src/notargets.proj" <<XML
<Project Sdk="Microsoft.Build.NoTargets/$NOTARGETS_VERSION">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
</Project>
XML
bench_mirror_packages notargets "$TMP/peer-src"
bench_isolate

# Two diagnostic variants run alongside, to split the difference between env and bare:
#   empty-sdk  a project whose SDK is resolved from NuGet like Env.Sdk's but holds only empty Restore and
#              Build targets: the cost of resolving any NuGet-delivered MSBuild SDK.
#   items      empty-sdk with env.proj's items: what MSBuild pays to evaluate the env's own declarations.
#   direct     the same env, importing Env.Sdk's Sdk.props/Sdk.targets by path: Env.Sdk's own evaluation and
#              up-to-date checks, without SDK resolution.
# And a peer: notargets, a Microsoft.Build.NoTargets project (net10.0, no items), what the .NET SDK offers for a
# project that builds nothing; it imports the whole .NET SDK, so it is far slower than bare.

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
python3 - "$native_feed/Bench.EmptySdk.1.0.0.nupkg" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("Bench.EmptySdk.nuspec", """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
  <metadata><id>Bench.EmptySdk</id><version>1.0.0</version><authors>bench</authors><description>empty</description>
    <packageTypes><packageType name="MSBuildSdk" /></packageTypes></metadata>
</package>""")
    z.writestr("Sdk/Sdk.props", "<Project />")
    z.writestr("Sdk/Sdk.targets", '<Project><Target Name="Restore"/><Target Name="Build"/></Project>')
    z.writestr("[Content_Types].xml", "<Types/>")
PY

bench_greet_archive

proj="$TMP/proj"
mkdir -p "$proj"
bench_nuget_config "$proj" "$SDK_FEED" "$TOOL_FEED" "$native_feed" "$PEER_FEED"
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
echo '<Project Sdk="Bench.EmptySdk/1.0.0" />' >"$proj/empty-sdk.proj"
# The same empty SDK with env.proj's own items (its tools and variable): what evaluating the env's declarations costs
# MSBuild before Env.Sdk does anything with them.
sed -e "s|<Project Sdk=\"Env.Sdk/$SDK_VERSION\">|<Project Sdk=\"Bench.EmptySdk/1.0.0\">|" "$proj/env.proj" >"$proj/items.proj"
# In a folder of its own: its obj/ (restore's output) stays out of the env's folder.
mkdir -p "$proj/peer"
cp "$TMP/peer-src/notargets.proj" "$proj/nuget.config" "$proj/peer/"
sdk_dir="$NUGET_PACKAGES/env.sdk/$SDK_VERSION/Sdk"   # filled by the first build of env.proj
direct="$TMP/direct"
mkdir -p "$direct"
cp "$proj/nuget.config" "$direct/"
sed -e "s|<Project Sdk=\"Env.Sdk/$SDK_VERSION\">|<Project><Import Project=\"$sdk_dir/Sdk.props\" />|" \
    -e "s|</Project>|<Import Project=\"$sdk_dir/Sdk.targets\" /></Project>|" "$proj/env.proj" >"$direct/env.proj"

cd "$proj"
echo "== first (real) build of env.proj" >&2
dotnet build env.proj -nr:false -v:m >&2
# The tools are really installed and on the dev shell's PATH.
bash -c '. ./.envsdk/activate && greet ok && bench-a ok && bench-native ok' >&2
dotnet build "$direct/env.proj" -nr:false -v:q >&2
dotnet build empty-sdk.proj -nr:false -v:q >&2
dotnet build peer/notargets.proj -nr:false -v:q >&2

dotnet build items.proj -nr:false -v:q >&2

# Interleaved (every round runs each command once, in a rotated order): the machine may be shared, and load that comes
# and goes then weighs on every command alike.
bench_hyperfine_interleaved noop-build env bare "$RUNS" 3 \
  env 'dotnet build env.proj -nr:false' \
  bare 'dotnet build bare.proj -nr:false' \
  empty-sdk 'dotnet build empty-sdk.proj -nr:false' \
  items 'dotnet build items.proj -nr:false' \
  direct "dotnet build '$direct/env.proj' -nr:false" \
  notargets 'dotnet build peer/notargets.proj -nr:false' >"$TMP/noop.out"
# The diagnostic ratios first, the goal's last.
grep -vE '^(CPU)?RATIO' "$TMP/noop.out"
bench_ratio noop-build empty-sdk bare | tail -n2
bench_ratio noop-build direct bare | tail -n2
bench_ratio noop-build items empty-sdk | tail -n2
bench_ratio noop-build env items | tail -n2
bench_ratio noop-build env empty-sdk | tail -n2
bench_ratio noop-build env notargets | tail -n2
bench_ratio noop-build env bare | tail -n2
