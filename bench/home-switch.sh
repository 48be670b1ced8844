#!/usr/bin/env bash
# Home switch (issues 8 and 18): a home of 5,000 files (one HomeFile folder Source, 100 folders), built once, then
#   first   the first switch into an empty home      vs  cp -rs of the same tree (and cp -rs plus the tool's start)
#   noop    a switch that changes nothing            vs  its floor: the tool's start (`dotnet-env --version`), a stat
#           per source file and folder (the build's up-to-date check of env.json) and a stat per home folder (what
#           tells that no link was removed or replaced: home/in-place)
#   ten     a switch changing 10 files (--generation) and
#   back    a rollback of those 10 files, both beside the no-op.
# Goals (issue 18): noop <= 1.5x floor; ten <= 1.5x noop; back <= 1.5x noop; first <= 1.5x cp -rs.
set -euo pipefail
DEFAULT_RUNS=20
. "$(dirname "$0")/lib.sh"
bench_parse_args "$@"
bench_require dotnet hyperfine python3
bench_setup_tmp
bench_pack_cli
bench_isolate
export XDG_STATE_HOME="$TMP/state"

(cd "$TMP" && dotnet tool install dotnet-env --version "$SDK_VERSION" --tool-path "$TMP/tools" --add-source "$SDK_FEED" >&2)
export PATH="$TMP/tools:$PATH"

repo="$TMP/repo"
mkdir -p "$repo/dotfiles/tree"
bench_nuget_config "$repo" "$SDK_FEED"
cat >"$repo/env.proj" <<XML
<Project Sdk="Env.Sdk/$SDK_VERSION">
  <PropertyGroup><EnvKind>Home</EnvKind></PropertyGroup>
  <ItemGroup>
    <HomeFile Include=".config/bench" Source="dotfiles/tree/" />
  </ItemGroup>
</Project>
XML
python3 - "$repo/dotfiles/tree" <<'PY'
import os, sys
root = sys.argv[1]
for i in range(5000):
    d = os.path.join(root, f"app{i % 100}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"file{i}.conf"), "w") as f:
        f.write(f"setting = {i}\n")
PY
cd "$repo"
dotnet-env build -nr:false -v:q >&2
result="$(readlink "$repo/.envsdk/result")"
[ -d "$result/files/.config/bench" ] || { echo "the build made no generation with the tree" >&2; exit 1; }

# first: a fresh home and home state each run; the generation is built (the store keeps it) and the build's record in
# the state folder stays, so what is measured is the switch, not a build.
fresh='rm -rf "$HOME" "$XDG_STATE_HOME/envsdk/home" && mkdir -p "$HOME"'
floor="$TMP/floor"
bench_hyperfine home-first first 'cp -rs' --warmup 2 --runs "$RUNS" -N \
  --prepare "sh -c '$fresh'" -n first "dotnet-env switch $repo" \
  --prepare "rm -rf $floor" -n 'cp -rs' "cp -rs $result/files $floor" \
  --prepare "rm -rf $floor" -n 'cp -rs + version' "sh -c 'dotnet-env --version >/dev/null && cp -rs $result/files $floor'"
bench_ratio home-first first 'cp -rs + version'

# Two generations differing in 10 files, for ten and back.
sh -c "$fresh"
dotnet-env switch "$repo" >&2
for i in 0 1 2 3 4 5 6 7 8 9; do echo "changed = $i" >"$repo/dotfiles/tree/app$i/file$i.conf"; done
dotnet-env switch "$repo" >&2
[ -z "$(dotnet-env switch "$repo" 2>&1 | grep -v 'Nothing to do')" ] || { echo "the no-op switch did something" >&2; exit 1; }

# The floor of a no-op switch that is still correct: the tool's start, the build's up-to-date check (a stat per source
# file and folder: an edited dotfile must rebuild) and a stat per home folder (a link removed or replaced changes its
# folder). `stat` gets the home's folders as they are now: the home and the 102 folders on the way to its files.
folders="$TMP/home-folders"
(cd "$HOME" && echo . && find .config -type d) >"$folders"
[ "$(wc -l <"$folders")" -ge 100 ] || { echo "the home has too few folders: $(wc -l <"$folders")" >&2; exit 1; }
sleep 3 # older than the record's racy window (2 s), as a home switched a while ago
bench_hyperfine home-noop noop floor --warmup 3 --runs "$RUNS" -N \
  -n noop "dotnet-env switch $repo" \
  -n floor "sh -c 'dotnet-env --version >/dev/null; find $repo/dotfiles/tree -newer $repo/env.proj; cd $HOME && xargs stat --printf= <$folders'" \
  -n version 'dotnet-env --version' \
  -n 'version + stat + readlink' "sh -c 'dotnet-env --version >/dev/null; find $repo/dotfiles/tree -newer $repo/env.proj; find $HOME/.config/bench -type l -printf %l >/dev/null'"
bench_ratio home-noop noop version
# ten and back: each beside the no-op, which runs after a switch to generation 2 (its first run reads the folders the
# switch just changed again, as any no-op right after a switch does).
bench_hyperfine home-ten ten noop --warmup 2 --runs "$RUNS" -N \
  --prepare 'dotnet-env switch --generation 1' -n ten 'dotnet-env switch --generation 2' \
  --prepare 'true' -n noop "dotnet-env switch $repo"
bench_hyperfine home-back back noop --warmup 2 --runs "$RUNS" -N \
  --prepare 'dotnet-env switch --generation 2' -n back 'dotnet-env rollback' \
  --prepare 'true' -n noop "dotnet-env switch $repo"
