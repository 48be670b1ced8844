#!/usr/bin/env bash
# `dotnet-env print --json` on a current env (the fast path: env.json read and checked against the hashed inputs,
# no MSBuild, no NuGet) against `dotnet exec` of a hello-world console app, the floor of any .NET program's start.
# dotnet-env is installed from its package with `dotnet tool install --tool-path`, as a user would.
# Also shown: `dotnet env print --json` (through dotnet's dispatch to dotnet-env) and `dotnet-env --version`.
# Goal: ratio <= 1.2.
set -euo pipefail
DEFAULT_RUNS=30
. "$(dirname "$0")/lib.sh"
bench_parse_args "$@"
bench_require dotnet hyperfine python3 tar sha256sum
bench_setup_tmp
bench_pack_cli
bench_isolate

# From $TMP: a nuget.config of the caller's folder (this repo's names artifacts/packages) must not serve another build.
(cd "$TMP" && dotnet tool install dotnet-env --version "$SDK_VERSION" --tool-path "$TMP/tools" --add-source "$SDK_FEED" >&2)
export PATH="$TMP/tools:$PATH"

mkdir -p "$TMP/hello"
cat >"$TMP/hello/hello.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
</Project>
XML
echo 'System.Console.WriteLine("hello");' >"$TMP/hello/Program.cs"
dotnet build "$TMP/hello" -c Release -nr:false -v:q -o "$TMP/hello/out" >&2

proj="$TMP/proj"
mkdir -p "$proj"
bench_greet_env "$proj"
cd "$proj"
dotnet-env build -nr:false -v:q >&2
dotnet-env print --json >/dev/null
[ -z "$(dotnet-env print --json 2>&1 >/dev/null)" ] || { echo "the env is not current: print would build" >&2; exit 1; }

bench_hyperfine print print hello --warmup 5 --runs "$RUNS" -N \
  -n print 'dotnet-env print --json' \
  -n hello "dotnet exec $TMP/hello/out/hello.dll" \
  -n version 'dotnet-env --version' \
  -n 'dotnet env' 'dotnet env print --json'
