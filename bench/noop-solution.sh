#!/usr/bin/env bash
# No-op solution build: `dotnet build all.slnx` of a solution made with `dotnet new` (a console app, a class
# library it references and an xunit test project), everything already built, with env.proj in the solution,
# against the same solution without it. Both are built once for real first (the env too), so what is measured
# is what a developer pays on every build that changes nothing. Goal: ratio <= 1.1.
set -euo pipefail
DEFAULT_RUNS=10
. "$(dirname "$0")/lib.sh"
bench_parse_args "$@"
bench_require dotnet hyperfine python3 tar sha256sum
bench_setup_tmp
bench_pack_sdk

# The test project's packages (xunit, the test SDK, coverlet) come from the machine's configured sources once,
# into a local folder feed; the measured builds see only local feeds.
mkdir -p "$TMP/xunit-src"
(cd "$TMP/xunit-src" && dotnet new xunit -n Probe --no-restore >/dev/null)
bench_mirror_packages xunit "$TMP/xunit-src/Probe"
bench_isolate

# make_solution DIR WITH_ENV : DIR/all.slnx with app (console) -> lib (classlib) <- tests (xunit), and with
# WITH_ENV=1 also env/env.proj (one archive tool and a variable, bench_greet_env) added with `dotnet sln add`;
# WITH_ENV=2 the same, and app and tests use the env (`<Sdk Name="Env.Sdk" />`, the version from global.json).
make_solution() {
  local dir="$1" with_env="$2"
  mkdir -p "$dir"
  bench_nuget_config "$dir" "$SDK_FEED" "$PEER_FEED"
  (
    cd "$dir"
    dotnet new sln -n all --format slnx >/dev/null
    dotnet new console -n app -o app --no-restore >/dev/null
    dotnet new classlib -n lib -o lib --no-restore >/dev/null
    dotnet new xunit -n tests -o tests --no-restore >/dev/null
    dotnet add app/app.csproj reference lib/lib.csproj >/dev/null
    dotnet add tests/tests.csproj reference lib/lib.csproj >/dev/null
    dotnet sln all.slnx add app/app.csproj lib/lib.csproj tests/tests.csproj >/dev/null
    if [ "$with_env" != 0 ]; then
      bench_greet_env "$dir/env"
      rm "$dir/env/nuget.config"   # the solution's nuget.config names the same feed
      dotnet sln all.slnx add env/env.proj >/dev/null
    fi
    if [ "$with_env" = 2 ]; then
      printf '{ "msbuild-sdks": { "Env.Sdk": "%s" } }\n' "$SDK_VERSION" > global.json
      sed -i 's|<Project Sdk="Microsoft.NET.Sdk">|<Project Sdk="Microsoft.NET.Sdk">\n  <Sdk Name="Env.Sdk" />|' app/app.csproj tests/tests.csproj
    fi
  )
}

with="$TMP/with-env"
used="$TMP/env-used"
without="$TMP/without-env"
make_solution "$with" 1
make_solution "$used" 2
make_solution "$without" 0

echo "== first (real) builds" >&2
# A fresh clone's first solution build fetches the env in its restore phase.
dotnet build "$with/all.slnx" -nr:false -v:q >&2
dotnet build "$used/all.slnx" -nr:false -v:q >&2
dotnet build "$without/all.slnx" -nr:false -v:q >&2
# The env is really part of the solution build: its dev shell is there and gives the tool.
bash -c ". '$with/env/.envsdk/activate' && greet ok" >&2
grep -q 'env/env.proj' "$with/all.slnx"
if grep -q 'env.proj' "$without/all.slnx"; then echo "the solution without the env names env.proj" >&2; exit 1; fi

bench_hyperfine noop-solution with-env without-env --warmup 2 --runs "$RUNS" \
  -n with-env "dotnet build '$with/all.slnx' -nr:false" \
  -n env-used "dotnet build '$used/all.slnx' -nr:false" \
  -n without-env "dotnet build '$without/all.slnx' -nr:false"
bench_ratio noop-solution env-used without-env
