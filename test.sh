#!/usr/bin/env bash
# The test command: builds everything and runs every test (unit and end-to-end) with node reuse off.
# Needs nix-bin, zsh, fish, script (bsdutils), xz-utils, bzip2 and zstd (.ci/run installs them on Debian).
set -euo pipefail
cd "$(dirname "$0")"
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Env.Sdk.sln -c Release -nr:false -v:q -clp:ErrorsOnly
dotnet test Env.Sdk.sln -c Release --no-build -nr:false -v:q "$@"
