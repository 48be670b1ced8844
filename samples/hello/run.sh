#!/usr/bin/env bash
# Builds the sample environment with the Env.Sdk packed from this checkout, then uses its dev shell.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$here/../.."
dotnet pack "$repo/src/Sdk/Env.Sdk.csproj" -c Release -nr:false -v:q
# The SDK package is resolved from artifacts/packages; a private packages folder keeps a repacked
# 0.1.0 from being served stale out of the global one.
export NUGET_PACKAGES="$repo/artifacts/nuget-packages"
rm -rf "$NUGET_PACKAGES/env.sdk"
dotnet build "$here/env.proj" -nr:false
cd "$here"
. ./.envsdk/activate
echo "protoc:    $(protoc --version)"
echo "csharpier: $(csharpier --version)"
echo "greeting:  $HELLO_GREETING"
