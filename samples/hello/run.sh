#!/usr/bin/env bash
# Builds the sample environment with the Env.Sdk packed from this checkout, then uses its dev shell, by hand and
# through dotnet env (the dotnet-env tool, packed from this checkout too).
set -euo pipefail
# One line per step, before it starts: the packs are quiet (-v:q) and the Native AOT one takes minutes on a first run.
step() { echo "==> $*"; }
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# dotnet-env's linux-x64 package is Native AOT, which compiles with clang and links zlib (as .ci/run, installs them).
if [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] && { ! command -v clang >/dev/null 2>&1 || [ ! -f /usr/include/zlib.h ]; }; then
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  step "Installing clang and zlib1g-dev with apt (dotnet-env's Native AOT package needs them)"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends clang zlib1g-dev >/dev/null
fi
step "Packing Env.Sdk into artifacts/packages (under a minute)"
dotnet pack "$repo/src/Sdk/Env.Sdk.csproj" -c Release -nr:false -v:q
step "Packing dotnet-env into artifacts/packages (compiled ahead of time: minutes on a first run)"
dotnet pack "$repo/src/Cli/Env.Cli.csproj" -c Release -nr:false -v:q
# The SDK package is resolved from artifacts/packages; a private packages folder keeps a repacked
# 0.1.0 from being served stale out of the global one.
export NUGET_PACKAGES="$repo/artifacts/nuget-packages"
rm -rf "$NUGET_PACKAGES/env.sdk" "$NUGET_PACKAGES"/dotnet-env*
tools="$repo/artifacts/dotnet-env"
rm -rf "$tools"
step "Installing dotnet-env into artifacts/dotnet-env"
dotnet tool install dotnet-env --version 0.1.0 --tool-path "$tools" --add-source "$repo/artifacts/packages" >/dev/null
step "Building samples/hello/env.proj: its tools into the store, env.lock.json, .envsdk/"
dotnet build "$here/env.proj" -nr:false
step "Using the dev shell: . .envsdk/activate"
cd "$here"
. ./.envsdk/activate
echo "protoc:    $(protoc --version)"
echo "csharpier: $(csharpier --version)"
echo "greeting:  $HELLO_GREETING"
envsdk_deactivate
step "Using it through dotnet env"
echo "dotnet env shell -- protoc --version: $("$tools/dotnet-env" shell -- protoc --version)"
echo "dotnet env print --json (tools):"
"$tools/dotnet-env" print --json | grep -E '"(name|version)"'
