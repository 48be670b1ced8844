#!/usr/bin/env bash
# Cold restore of three .NET tools (Bench.ToolA/B/C 1.0.0, framework-dependent, packed here) from a local
# folder feed:
#   env           `dotnet build env.proj`: resolve, copy the .nupkg, check it, unpack into the store, lock,
#                 shell. Each run starts with a fresh store, a fresh download cache and no .envsdk/; the SDK
#                 stays warm in the NuGet packages folder and env.lock.json stays (a fresh clone).
#   tool-restore  `dotnet tool restore` of the same three tools pinned in .config/dotnet-tools.json. Each run
#                 starts with an empty private NUGET_PACKAGES and no tool resolver cache.
# Goal: env/tool-restore <= 1.0.
set -euo pipefail
DEFAULT_RUNS=10
. "$(dirname "$0")/lib.sh"
bench_parse_args "$@"
bench_require dotnet hyperfine python3
bench_setup_tmp
bench_pack_sdk
bench_build_dotnet_tools
bench_isolate

proj="$TMP/proj"
mkdir -p "$proj"
bench_nuget_config "$proj" "$SDK_FEED" "$TOOL_FEED"
cat >"$proj/env.proj" <<XML
<Project Sdk="Env.Sdk/$SDK_VERSION">
  <ItemGroup>
    <Tool Include="bench-a" Package="Bench.ToolA" Version="1.0.0" />
    <Tool Include="bench-b" Package="Bench.ToolB" Version="1.0.0" />
    <Tool Include="bench-c" Package="Bench.ToolC" Version="1.0.0" />
  </ItemGroup>
</Project>
XML

manifest="$TMP/manifest"
mkdir -p "$manifest/.config"
bench_nuget_config "$manifest" "$TOOL_FEED"
cat >"$manifest/.config/dotnet-tools.json" <<'JSON'
{
  "version": 1,
  "isRoot": true,
  "tools": {
    "bench.toola": { "version": "1.0.0", "commands": ["bench-a"], "rollForward": false },
    "bench.toolb": { "version": "1.0.0", "commands": ["bench-b"], "rollForward": false },
    "bench.toolc": { "version": "1.0.0", "commands": ["bench-c"], "rollForward": false }
  }
}
JSON
tool_packages="$TMP/tool-restore-packages"

echo "== first build (writes env.lock.json, warms the SDK in the packages folder)" >&2
(cd "$proj" && dotnet build env.proj -nr:false -v:m >&2 && bash -c '. ./.envsdk/activate && bench-a ok && bench-b ok && bench-c ok' >&2)
echo "== first dotnet tool restore" >&2
(cd "$manifest" && NUGET_PACKAGES="$tool_packages" dotnet tool restore >&2 && NUGET_PACKAGES="$tool_packages" dotnet tool run bench-c ok >&2)

fresh_env="rm -rf '$ENVSDK_STORE' '$ENVSDK_CACHE' '$proj/.envsdk'"
fresh_tool="rm -rf '$tool_packages' '$HOME/.dotnet/toolResolverCache' '$NUGET_HTTP_CACHE_PATH'"

bench_hyperfine cold-nuget-tools env tool-restore --warmup 1 --runs "$RUNS" \
  --prepare "$fresh_env" -n env "cd '$proj' && dotnet build env.proj -nr:false" \
  --prepare "$fresh_tool" -n tool-restore "cd '$manifest' && NUGET_PACKAGES='$tool_packages' dotnet tool restore"
