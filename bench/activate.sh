#!/usr/bin/env bash
# Activation: `bash -c '. .envsdk/activate'` of a built env (one tool, eight variables of every form, a ShellHook
# that a non-interactive shell skips) against `bash -c true`, both without an intermediate shell (hyperfine -N).
# The difference is what sourcing the script costs a shell that starts. Goal: ratio <= 1.2.
set -euo pipefail
DEFAULT_RUNS=500
. "$(dirname "$0")/lib.sh"
bench_parse_args "$@"
bench_require dotnet hyperfine python3 tar sha256sum bash
bench_setup_tmp
bench_pack_sdk
bench_isolate

bench_greet_archive

proj="$TMP/proj"
mkdir -p "$proj"
bench_nuget_config "$proj" "$SDK_FEED"
cat >"$proj/env.proj" <<XML
<Project Sdk="Env.Sdk/$SDK_VERSION">
  <ItemGroup>
    <Tool Include="greet" Version="1.0" Url="file://$TMP/greet-1.0.tar.gz" Hash="$hash" />
    <EnvVar Include="BENCH_GREETING" Value="hello 'world' %24HOME" />
    <EnvVar Include="DOTNET_CLI_TELEMETRY_OPTOUT" Value="1" />
    <EnvVar Include="MANPATH" Prepend="\$(EnvProfileDir)/share/man" />
    <EnvVar Include="PKG_CONFIG_PATH" Prepend="\$(EnvProfileDir)/lib/pkgconfig" />
    <EnvVar Include="PKG_CONFIG_PATH" Append="/usr/local/lib/pkgconfig" />
    <EnvVar Include="INFOPATH" Append="\$(EnvProfileDir)/share/info" />
    <EnvVar Include="GOFLAGS" Unset="true" />
    <EnvVar Include="BENCH_EMPTY" Value="" />
    <ShellHook Include="sh" Text="echo entering the env" />
  </ItemGroup>
</Project>
XML

cd "$proj"
echo "== building the env" >&2
dotnet build env.proj -nr:false -v:m >&2
# The env is really active after sourcing, and the hook stays silent in a non-interactive shell.
out="$(bash -c '. ./.envsdk/activate && greet ok && printf "%s\n" "$MANPATH"')"
echo "$out" >&2
case "$out" in *entering*) echo "the ShellHook ran in a non-interactive shell" >&2; exit 1 ;; esac

bench_hyperfine activate activate bare -N --warmup 20 --runs "$RUNS" \
  -n activate "bash -c '. ./.envsdk/activate'" \
  -n bare "bash -c true"
# Diagnostic, steadier than wall times on a busy machine: sourcing 1,000 times inside one bash (each source first
# undoes the previous one, as a re-activation does), against 1,000 runs of the ':' builtin.
bash -c 'a=$EPOCHREALTIME; i=0; while [ $i -lt 1000 ]; do . ./.envsdk/activate; i=$((i+1)); done; b=$EPOCHREALTIME
         i=0; while [ $i -lt 1000 ]; do :; i=$((i+1)); done; c=$EPOCHREALTIME; echo "$a $b $c"' |
  python3 -c 'import sys; a, b, c = map(float, sys.stdin.read().split()); print(f"PER-SOURCE activate = {((b - a) - (c - b)) * 1000 / 1000:.3f} ms per source (1,000 in one bash)")'
