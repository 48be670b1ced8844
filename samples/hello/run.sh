#!/usr/bin/env bash
# Builds the sample environment with the Env.Sdk packed from this checkout, then uses its dev shell, by hand and
# through dotnet env (the dotnet-env tool, packed from this checkout too).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# dotnet-env's linux-x64 package is Native AOT, which compiles with clang and links zlib (as .ci/run, installs them).
if [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] && { ! command -v clang >/dev/null 2>&1 || [ ! -f /usr/include/zlib.h ]; }; then
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  echo "Installing: clang zlib1g-dev (for dotnet-env's Native AOT package)"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends clang zlib1g-dev >/dev/null
fi
dotnet pack "$repo/src/Sdk/Env.Sdk.csproj" -c Release -nr:false -v:q
dotnet pack "$repo/src/Cli/Env.Cli.csproj" -c Release -nr:false -v:q
# The SDK package is resolved from artifacts/packages; a private packages folder keeps a repacked
# 0.1.0 from being served stale out of the global one.
export NUGET_PACKAGES="$repo/artifacts/nuget-packages"
rm -rf "$NUGET_PACKAGES/env.sdk" "$NUGET_PACKAGES"/dotnet-env*
tools="$repo/artifacts/dotnet-env"
rm -rf "$tools"
dotnet tool install dotnet-env --version 0.1.0 --tool-path "$tools" --add-source "$repo/artifacts/packages" >/dev/null
dotnet build "$here/env.proj" -nr:false
cd "$here"
. ./.envsdk/activate
echo "protoc:    $(protoc --version)"
echo "csharpier: $(csharpier --version)"
echo "greeting:  $HELLO_GREETING"
envsdk_deactivate
echo "dotnet env shell -- protoc --version: $("$tools/dotnet-env" shell -- protoc --version)"
echo "dotnet env print --json (tools):"
"$tools/dotnet-env" print --json | grep -E '"(name|version)"'
