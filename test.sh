#!/usr/bin/env bash
# The test command: builds everything and runs every test (unit and end-to-end) with node reuse off.
# Needs nix-bin, zsh, fish, ssh (openssh-client), git, script (bsdutils), xz-utils, bzip2, zstd, skopeo, umoci, docker-registry, htpasswd (apache2-utils), podman, pwsh and @devcontainers/cli in artifacts/npm (.ci/run installs them).
set -euo pipefail
cd "$(dirname "$0")"
# pwsh installed by .ci/run as a .NET tool, when the machine has none of its own.
export PATH="$PATH:$PWD/artifacts/tools"
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Env.Sdk.sln -c Release -nr:false -v:q -clp:ErrorsOnly
dotnet test Env.Sdk.sln -c Release --no-build -nr:false -v:q "$@"
