# Shared by the bench/*.sh scripts (sourced, not run). Gives each script:
#   - --runs N parsing (RUNS, defaulting to the script's DEFAULT_RUNS)
#   - a mktemp -d folder ($TMP) removed at exit, with background processes (the HTTP server) stopped
#   - the Env.Sdk package packed from this checkout into a local folder feed ($SDK_FEED)
#   - an isolated environment: HOME, NUGET_PACKAGES, ENVSDK_STORE, ENVSDK_CACHE, NuGet HTTP cache all under
#     $TMP; node reuse off; CI unset (it would turn on locked mode)
#   - helpers to write nuget.config files naming only local feeds, build tool packages, serve a folder over
#     loopback HTTP, and run hyperfine with a JSON export and a RATIO line.
# BENCH_KEEP=1 keeps the temporary folder (to profile a build in it by hand).
# When BENCH_SHARED names a folder (bench/run-all.sh sets it), the packed SDK and the tool feed are built
# once there and reused by every script.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
SDK_VERSION="$(sed -n 's:.*<EnvSdkVersion>\(.*\)</EnvSdkVersion>.*:\1:p' "$REPO/Directory.Build.props")"

bench_usage() {
  echo "usage: $(basename "$0") [--runs N]   (default N=$DEFAULT_RUNS)" >&2
}

bench_parse_args() {
  RUNS="$DEFAULT_RUNS"
  while [ $# -gt 0 ]; do
    case "$1" in
      --runs) [ $# -ge 2 ] || { bench_usage; exit 2; }; RUNS="$2"; shift 2 ;;
      --runs=*) RUNS="${1#--runs=}"; shift ;;
      -h|--help) bench_usage; exit 0 ;;
      *) echo "unknown argument: $1" >&2; bench_usage; exit 2 ;;
    esac
  done
  case "$RUNS" in ''|*[!0-9]*) echo "--runs wants a positive number, got '$RUNS'" >&2; exit 2 ;; esac
  [ "$RUNS" -ge 2 ] || { echo "--runs must be at least 2 (hyperfine needs two runs for a deviation)" >&2; exit 2; }
}

BENCH_PIDS=()
bench_cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  if [ -n "${BENCH_KEEP:-}" ] && [ -n "${TMP:-}" ]; then
    echo "BENCH_KEEP: kept $TMP (remove it yourself: chmod -R u+w, rm -rf)" >&2
  elif [ -n "${TMP:-}" ] && [ -d "$TMP" ]; then
    chmod -R u+w "$TMP" 2>/dev/null || true   # store entries and nix's store are read-only
    rm -rf "$TMP"
  fi
}

bench_setup_tmp() {
  TMP="$(mktemp -d "${TMPDIR:-/tmp}/envsdk-bench.XXXXXX")"
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_require() {
  local cmd
  for cmd in "$@"; do
    command -v "$cmd" >/dev/null 2>&1 || { echo "missing '$cmd' (bash .ci/run installs the benchmark tools)" >&2; exit 1; }
  done
}

# Packs src/Sdk into $SDK_FEED. Runs with the caller's own NuGet settings and packages folder (the SDK's
# dependencies come from the machine's configured sources), so call it before bench_isolate.
bench_pack_sdk() {
  if [ -n "${BENCH_SHARED:-}" ]; then SDK_FEED="$BENCH_SHARED/sdk-feed"; else SDK_FEED="$TMP/sdk-feed"; fi
  if ! ls "$SDK_FEED"/Env.Sdk.*.nupkg >/dev/null 2>&1; then
    echo "== packing Env.Sdk $SDK_VERSION into $SDK_FEED" >&2
    MSBUILDDISABLENODEREUSE=1 dotnet pack "$REPO/src/Sdk/Env.Sdk.csproj" -c Release -o "$SDK_FEED" -nr:false -v:q -tl:off >&2
  fi
}

# Packs src/Cli (the dotnet-env tool) into $SDK_FEED beside the SDK, like bench_pack_sdk.
bench_pack_cli() {
  bench_pack_sdk
  if ! ls "$SDK_FEED"/dotnet-env.*.nupkg >/dev/null 2>&1; then
    echo "== packing dotnet-env $SDK_VERSION into $SDK_FEED" >&2
    MSBUILDDISABLENODEREUSE=1 dotnet pack "$REPO/src/Cli/Env.Cli.csproj" -c Release -o "$SDK_FEED" -nr:false -v:q -tl:off >&2
  fi
}

# Three framework-dependent .NET tools (Bench.ToolA/B/C 1.0.0, commands bench-a/b/c) in $TOOL_FEED, from one
# source packed three times. Before bench_isolate, with a private packages folder.
bench_build_dotnet_tools() {
  if [ -n "${BENCH_SHARED:-}" ]; then TOOL_FEED="$BENCH_SHARED/tool-feed"; else TOOL_FEED="$TMP/tool-feed"; fi
  local n
  for n in a b c; do
    local upper; upper="$(echo "$n" | tr a-z A-Z)"
    [ -f "$TOOL_FEED/Bench.Tool$upper.1.0.0.nupkg" ] && continue
    local dir="$TMP/tool-src/$n"
    mkdir -p "$dir"
    cat >"$dir/BenchTool.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <PackAsTool>true</PackAsTool>
    <PackageId>Bench.Tool$upper</PackageId>
    <ToolCommandName>bench-$n</ToolCommandName>
    <Version>1.0.0</Version>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
</Project>
EOF
    echo "Console.WriteLine(\"bench-$n \" + string.Join(' ', args));" >"$dir/Program.cs"
    echo "== packing tool Bench.Tool$upper into $TOOL_FEED" >&2
    (cd "$dir" && MSBUILDDISABLENODEREUSE=1 NUGET_PACKAGES="$TMP/tool-build-packages" \
      dotnet pack -c Release -o "$TOOL_FEED" -nr:false -v:q -tl:off >&2)
  done
}

# bench_mirror_packages NAME DIR : restores the project(s) in DIR (made by the caller) from the machine's configured
# NuGet sources into a private packages folder, and copies every package that restore brought (MSBuild SDKs
# included) into the local folder feed $PEER_FEED, so the measured commands later see only local feeds. Before
# bench_isolate; NAME marks the work as done in a shared folder (run-all.sh).
bench_mirror_packages() {
  local name="$1" dir="$2"
  if [ -n "${BENCH_SHARED:-}" ]; then PEER_FEED="$BENCH_SHARED/peer-feed"; else PEER_FEED="$TMP/peer-feed"; fi
  mkdir -p "$PEER_FEED"
  [ -f "$PEER_FEED/.$name.done" ] && return 0
  echo "== fetching the packages of $name into $PEER_FEED" >&2
  (cd "$dir" && MSBUILDDISABLENODEREUSE=1 NUGET_PACKAGES="$TMP/mirror-packages-$name" \
    dotnet restore -nr:false -v:q -tl:off >&2)
  find "$TMP/mirror-packages-$name" -name '*.nupkg' -exec cp {} "$PEER_FEED/" \;
  touch "$PEER_FEED/.$name.done"
}

# Everything the measured commands touch lives under $TMP from here on.
bench_isolate() {
  unset CI ENVSDK_ENV XDG_DATA_HOME XDG_CACHE_HOME XDG_STATE_HOME MSBUILDNOINPROCNODE DOTNET_CLI_USE_MSBUILD_SERVER
  export HOME="$TMP/home"
  export DOTNET_CLI_HOME="$HOME"
  export NUGET_PACKAGES="$TMP/nuget-packages"
  export NUGET_HTTP_CACHE_PATH="$TMP/nuget-http-cache"
  export NUGET_PLUGINS_CACHE_PATH="$TMP/nuget-plugins-cache"
  export ENVSDK_STORE="$TMP/store"
  export ENVSDK_CACHE="$TMP/cache"
  export MSBUILDDISABLENODEREUSE=1
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
  export DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE=1
  mkdir -p "$HOME"
}

# bench_greet_archive : $TMP/greet-1.0.tar.gz, a small archive tool (one top folder holding bin/greet, which echoes
# its arguments), and its sha256 in $hash, for an env.proj's <Tool Url="file://$TMP/greet-1.0.tar.gz" Hash="$hash">.
bench_greet_archive() {
  # Made once per run: gzip stamps the time, so a second archive would not match the hash envs made before pinned.
  if [ -f "$TMP/greet-1.0.tar.gz" ]; then hash="$(sha256sum "$TMP/greet-1.0.tar.gz" | cut -d' ' -f1)"; return; fi
  mkdir -p "$TMP/archive/greet-1.0/bin"
  printf '#!/bin/sh\necho "greet $*"\n' >"$TMP/archive/greet-1.0/bin/greet"
  chmod +x "$TMP/archive/greet-1.0/bin/greet"
  tar czf "$TMP/greet-1.0.tar.gz" -C "$TMP/archive" greet-1.0
  hash="$(sha256sum "$TMP/greet-1.0.tar.gz" | cut -d' ' -f1)"
}

# bench_greet_env DIR : in DIR (made if missing) an env.proj with the greet archive tool and one variable
# (BENCH_GREETING=hello), and a nuget.config naming only $SDK_FEED.
bench_greet_env() {
  local dir="$1"
  bench_greet_archive
  mkdir -p "$dir"
  bench_nuget_config "$dir" "$SDK_FEED"
  cat >"$dir/env.proj" <<XML
<Project Sdk="Env.Sdk/$SDK_VERSION">
  <ItemGroup>
    <Tool Include="greet" Version="1.0" Url="file://$TMP/greet-1.0.tar.gz" Hash="$hash" />
    <EnvVar Include="BENCH_GREETING" Value="hello" />
  </ItemGroup>
</Project>
XML
}

# bench_big_archive : $TMP/www/big-1.0.tar.gz, ~99 MiB (3 x 33 MiB of random data, a README, bin/big that echoes its
# arguments) with one top folder; its sha256 (hex) in $hash.
bench_big_archive() {
  echo "== writing the archive" >&2
  local top="$TMP/archive/big-1.0"
  mkdir -p "$TMP/www" "$top/bin" "$top/share"
  for i in 1 2 3; do head -c $((33 * 1024 * 1024)) /dev/urandom >"$top/share/data$i.bin"; done
  printf 'a benchmark tool\n' >"$top/README"
  printf '#!/bin/sh\necho "big $*"\n' >"$top/bin/big"
  chmod +x "$top/bin/big"
  tar cf - -C "$TMP/archive" big-1.0 | gzip -1 >"$TMP/www/big-1.0.tar.gz"
  rm -rf "$TMP/archive"
  hash="$(sha256sum "$TMP/www/big-1.0.tar.gz" | cut -d' ' -f1)"
  echo "   big-1.0.tar.gz: $(( $(stat -c %s "$TMP/www/big-1.0.tar.gz") / 1024 / 1024 )) MiB, sha256 $hash" >&2
}

# bench_nuget_config DIR FEED... : a nuget.config in DIR that clears every inherited source and names only
# the given local folders.
bench_nuget_config() {
  local dir="$1"; shift
  local i=0 feed
  {
    echo '<?xml version="1.0" encoding="utf-8"?>'
    echo '<configuration>'
    echo '  <packageSources>'
    echo '    <clear />'
    for feed in "$@"; do i=$((i + 1)); echo "    <add key=\"local$i\" value=\"$feed\" />"; done
    echo '  </packageSources>'
    echo '</configuration>'
  } >"$dir/nuget.config"
}

# bench_serve DIR : serves DIR on 127.0.0.1 on a free port (the kernel picks it); sets PORT.
bench_serve() {
  local dir="$1" log="$TMP/http-server.log"
  python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$dir" >"$log" 2>&1 &
  BENCH_PIDS+=("$!")
  local i
  for i in $(seq 100); do
    PORT="$(sed -n 's/.* port \([0-9][0-9]*\).*/\1/p' "$log" | head -n1)"
    [ -n "$PORT" ] && return 0
    sleep 0.1
  done
  echo "the HTTP server did not start:" >&2; cat "$log" >&2; exit 1
}

# bench_hyperfine NAME OURS_NAME BASE_NAME [hyperfine args...] : runs hyperfine (its own output goes to the
# terminal) and notes the load average around it, exports JSON to $TMP/NAME.json (and $BENCH_RESULTS/NAME.json when set), then prints the mean
# of every command and the RATIO of OURS_NAME's mean wall time to BASE_NAME's (above 1 means ours is slower),
# after a CPURATIO line comparing their user+sys CPU time.
bench_hyperfine() {
  local name="$1" ours="$2" base="$3"; shift 3
  local json="$TMP/$name.json" load_before load_after
  load_before="$(cut -d' ' -f1 /proc/loadavg)"
  hyperfine --style basic --export-json "$json" "$@"
  load_after="$(cut -d' ' -f1 /proc/loadavg)"
  echo "LOAD $name before $load_before after $load_after ($(nproc) cores)"
  if python3 -c "import sys; sys.exit(0 if max(float(sys.argv[1]), float(sys.argv[2])) > float(sys.argv[3]) else 1)" \
      "$load_before" "$load_after" "$(nproc)"; then
    echo "WARNING $name: the machine was busy (1-minute load above the core count); wall times and ratios are noisy" >&2
  fi
  if [ -n "${BENCH_RESULTS:-}" ]; then mkdir -p "$BENCH_RESULTS"; cp "$json" "$BENCH_RESULTS/$name.json"; fi
  bench_ratio "$name" "$ours" "$base"
}

# bench_hyperfine_interleaved NAME OURS_NAME BASE_NAME ROUNDS WARMUP CMD_NAME CMD [CMD_NAME CMD...] : like bench_hyperfine,
# but interleaved: ROUNDS hyperfine runs of one run of every command each, the order rotated every round (so each command
# takes each place equally often), after WARMUP warmup runs of each in the first. Load that changes during the benchmark
# (other work on a shared machine) then falls on every command alike instead of on whichever ran at the time. The runs
# are merged into $TMP/NAME.json in hyperfine's own form, so bench_ratio reads it as it reads bench_hyperfine's.
bench_hyperfine_interleaved() {
  local name="$1" ours="$2" base="$3" rounds="$4" warmup="$5"; shift 5
  local -a names=() cmds=() args
  while [ $# -gt 0 ]; do names+=("$1"); cmds+=("$2"); shift 2; done
  local n=${#names[@]} r i load_before load_after
  load_before="$(cut -d' ' -f1 /proc/loadavg)"
  for ((r = 0; r < rounds; r++)); do
    args=()
    for ((i = 0; i < n; i++)); do args+=(-n "${names[$(((i + r) % n))]}" "${cmds[$(((i + r) % n))]}"); done
    [ "$r" = 0 ] && args=(--warmup "$warmup" "${args[@]}")
    hyperfine --style none --runs 1 --export-json "$TMP/$name.round$r.json" "${args[@]}" >/dev/null
  done
  load_after="$(cut -d' ' -f1 /proc/loadavg)"
  python3 - "$TMP/$name.json" "$TMP/$name".round*.json <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], sys.argv[2:]
merged = {}
for path in rounds:
    for r in json.load(open(path))["results"]:
        m = merged.setdefault(r["command"], {"command": r["command"], "times": [], "users": [], "systems": []})
        m["times"] += r["times"]; m["users"].append(r["user"]); m["systems"].append(r["system"])
results = []
for m in merged.values():
    t = m["times"]
    results.append({"command": m["command"], "mean": statistics.mean(t), "stddev": statistics.stdev(t) if len(t) > 1 else None,
                    "median": statistics.median(t), "user": statistics.mean(m["users"]), "system": statistics.mean(m["systems"]),
                    "min": min(t), "max": max(t), "times": t})
json.dump({"results": results}, open(out, "w"), indent=1)
PY
  echo "LOAD $name before $load_before after $load_after ($(nproc) cores); $rounds interleaved rounds"
  if python3 -c "import sys; sys.exit(0 if max(float(sys.argv[1]), float(sys.argv[2])) > float(sys.argv[3]) else 1)" \
      "$load_before" "$load_after" "$(nproc)"; then
    echo "WARNING $name: the machine was busy (1-minute load above the core count); wall times are noisy, read CPURATIO" >&2
  fi
  if [ -n "${BENCH_RESULTS:-}" ]; then mkdir -p "$BENCH_RESULTS"; cp "$TMP/$name.json" "$BENCH_RESULTS/$name.json"; fi
  bench_ratio "$name" "$ours" "$base"
}

# bench_ratio NAME OURS_NAME BASE_NAME : reads $TMP/NAME.json again, e.g. for a second baseline.
bench_ratio() {
  python3 - "$TMP/$1.json" "$1" "$2" "$3" <<'EOF'
import json, sys
path, name, ours, base = sys.argv[1:]
results = {r["command"]: r for r in json.load(open(path))["results"]}
for cmd, r in results.items():
    print(f"MEAN {name} {cmd} = {r['mean']:.3f} s ± {r['stddev']:.3f} (min {r['min']:.3f}, max {r['max']:.3f}, n={len(r['times'])}; cpu user+sys {r['user'] + r['system']:.3f} s)")
cpu = lambda r: r["user"] + r["system"]
# CPU time (user+sys) is less disturbed than wall time when other work shares the machine.
print(f"CPURATIO {name} {ours}/{base} = {cpu(results[ours]) / cpu(results[base]):.2f}")
print(f"RATIO {name} {ours}/{base} = {results[ours]['mean'] / results[base]['mean']:.2f}")
EOF
}
