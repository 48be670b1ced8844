#!/usr/bin/env bash
# The prompt hook on a prompt where nothing changed: one shell, inside a built env, calls _envsdk_hook 1,000 times
# (what 1,000 prompts run), against the same shell with the same hook and activation calling an empty function
# 1,000 times. (hook − loop) / 1000 is what one prompt costs; goal <= 1 ms. bash, zsh and fish.
# The hook text is what the installed dotnet-env prints (`dotnet env hook SHELL`).
set -euo pipefail
DEFAULT_RUNS=20
. "$(dirname "$0")/lib.sh"
bench_parse_args "$@"
bench_require dotnet hyperfine python3 tar sha256sum bash zsh fish
bench_setup_tmp
bench_pack_cli
bench_isolate
export XDG_STATE_HOME="$TMP/state"
# From $TMP: a nuget.config of the caller's folder (this repo's names artifacts/packages) must not serve another build.
(cd "$TMP" && dotnet tool install dotnet-env --version "$SDK_VERSION" --tool-path "$TMP/tools" --add-source "$SDK_FEED" >&2)
for sh in bash zsh fish; do "$TMP/tools/dotnet-env" hook "$sh" >"$TMP/hook.$sh"; done

proj="$TMP/proj/deep/er"
mkdir -p "$proj/src/a/b"
bench_greet_env "$proj"
echo "== building the env" >&2
dotnet build "$proj/env.proj" -nr:false -v:q >&2
# The prompts are made in a subfolder of the env, as when working in a repository.
cd "$proj/src/a/b"
# Sanity: the hook activates the env.
bash --norc -c ". '$TMP/hook.bash'; _envsdk_hook; greet ok" >&2

loop_posix='for ((i = 0; i < 1000; i++)); do'
bench_hyperfine hook-bash hook loop --warmup 3 --runs "$RUNS" \
  -n hook "bash --norc -c '. $TMP/hook.bash; _envsdk_hook; $loop_posix _envsdk_hook; done'" \
  -n loop "bash --norc -c '. $TMP/hook.bash; _envsdk_hook; f() { :; }; $loop_posix f; done'"
bench_hyperfine hook-zsh hook loop --warmup 3 --runs "$RUNS" \
  -n hook "zsh -f -c '. $TMP/hook.zsh; _envsdk_hook; $loop_posix _envsdk_hook; done'" \
  -n loop "zsh -f -c '. $TMP/hook.zsh; _envsdk_hook; f() { :; }; $loop_posix f; done'"
bench_hyperfine hook-fish hook loop --warmup 3 --runs "$RUNS" \
  -n hook "fish --no-config -c 'source $TMP/hook.fish; _envsdk_hook; for i in (seq 1000); _envsdk_hook; end'" \
  -n loop "fish --no-config -c 'source $TMP/hook.fish; _envsdk_hook; function f; end; for i in (seq 1000); f; end'"

for sh in bash zsh fish; do
  python3 - "$TMP/hook-$sh.json" "$sh" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
per = (r["hook"]["mean"] - r["loop"]["mean"]) / 1000 * 1000
cpu = lambda x: x["user"] + x["system"]
per_cpu = (cpu(r["hook"]) - cpu(r["loop"])) / 1000 * 1000
print(f"PERPROMPT hook-{sys.argv[2]} = {per:.4f} ms wall, {per_cpu:.4f} ms cpu (goal <= 1 ms)")
PY
done
