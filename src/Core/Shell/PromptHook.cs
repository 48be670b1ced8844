using Env.Core.Diagnostics;
using Env.Core.State;

namespace Env.Core.Shell;

/// <summary>
/// The auto-activation hook <c>dotnet env hook SHELL</c> prints for a startup file (<c>eval "$(dotnet env hook bash)"</c>),
/// as <c>direnv hook</c> and <c>mise activate</c> do, but written so that a prompt where nothing changed starts no
/// process: shell code compares <c>$PWD</c> and the active env's record id with what it saw last and returns. Otherwise
/// it walks up from <c>$PWD</c> to the nearest folder holding <c>.envsdk/activate</c> or an allow record
/// (<see cref="AllowRecord"/>, found by string operations on the path), deactivates what it activated before, and
/// sources the RECORD's copy of the activate script, never the checkout's: a script no build on this machine recorded
/// (blocked), or one edited since (the checkout's copy differs), is ignored with a one-line notice. Notices go to
/// stderr once per change; <c>ENVSDK_HOOK_QUIET=1</c> silences them. Helpers are named <c>_envsdk_*</c> (functions)
/// and <c>_ENVSDK_*</c> (variables); nothing fails under <c>set -eu</c>, and <c>$?</c> is kept for the prompt.
/// </summary>
public static class PromptHook
{
    public static readonly IReadOnlyList<string> Shells = ["bash", "zsh", "fish", "pwsh"];

    /// <param name="shell">bash, zsh, fish or pwsh.</param>
    /// <param name="stateDir">Where the allow records are: <see cref="StateLayout.DefaultStateDir()"/>, as the build has it.</param>
    public static string Generate(string shell, string stateDir)
    {
        var state = new StateLayout(stateDir).StateDir;
        return shell switch
        {
            "bash" => Posix(state, bash: true),
            "zsh" => Posix(state, bash: false),
            "fish" => Fish(state),
            "pwsh" => Pwsh(state),
            _ => throw new EnvException("ENV0623", $"There is no prompt hook for the shell '{PrintableText.Of(shell)}'; the hook is written for {string.Join(", ", Shells)}.", null),
        };
    }

    private static string Posix(string state, bool bash)
    {
        var name = bash ? "bash" : "zsh";
        var head = bash ? "" : "    emulate -L zsh\n";
        var hasDeactivate = bash ? "declare -F envsdk_deactivate >/dev/null" : "(( ${+functions[envsdk_deactivate]} ))";
        var install = bash
            ? """
              # First in PROMPT_COMMAND (a string, or bash 5.1's array), so what follows still sees the command's $?.
              if [[ ";${PROMPT_COMMAND[*]:-};" != *";_envsdk_hook;"* ]]; then
                  PROMPT_COMMAND="_envsdk_hook${PROMPT_COMMAND:+;$PROMPT_COMMAND}"
              fi

              """
            : """
              typeset -ga precmd_functions chpwd_functions
              if (( ! ${precmd_functions[(I)_envsdk_hook]} )); then precmd_functions=(_envsdk_hook $precmd_functions); fi
              if (( ! ${chpwd_functions[(I)_envsdk_hook]} )); then chpwd_functions=(_envsdk_hook $chpwd_functions); fi

              """;
        return $$"""
            # Env.Sdk prompt hook for {{name}} (docs/shell-hook.md). In your startup file: eval "$(dotnet env hook {{name}})"
            # Activates the env of the folder you are in, from the allow record its last build on this machine wrote.
            _ENVSDK_STATE={{ShellQuote.Posix(state)}}

            # Sets the caller's _envsdk_dir to the nearest folder from $PWD up with an env (its shell folder or a record), or "".
            _envsdk_find() {
                _envsdk_dir=$PWD
                while [[ -n "$_envsdk_dir" && "$_envsdk_dir" != / ]]; do
                    if [[ -f "$_envsdk_dir/.envsdk/activate" || -f "$_ENVSDK_STATE/dev$_envsdk_dir/.envsdk/id" ]]; then return 0; fi
                    _envsdk_dir=${_envsdk_dir%/*}
                done
                _envsdk_dir=
            }

            # One line on stderr, once for each new notice (the key), unless ENVSDK_HOOK_QUIET is set.
            _envsdk_note() {
                if [[ "$1" != "${_ENVSDK_NOTE-}" ]]; then
                    _ENVSDK_NOTE=$1
                    if [[ -z "${ENVSDK_HOOK_QUIET-}" ]]; then printf 'envsdk: %s\n' "$2" >&2; fi
                fi
            }

            _envsdk_hook() {
                local _envsdk_status=$?
                # Returned for what follows in PROMPT_COMMAND, but not under set -e: a prompt hook failing ends that shell.
                [[ $- != *e* ]] || _envsdk_status=0
            {{head}}    local _envsdk_dir= _envsdk_id= _envsdk_rec= _envsdk_here= _envsdk_copy=
                # The prompt where nothing changed: builtins only, no process.
                if [[ "$PWD" == "${_ENVSDK_PWD-}" ]]; then
                    if [[ -n "${_ENVSDK_DIR-}" ]]; then
                        if [[ -f "$_ENVSDK_STATE/dev$_ENVSDK_DIR/.envsdk/id" ]]; then
                            { IFS= read -r _envsdk_id <"$_ENVSDK_STATE/dev$_ENVSDK_DIR/.envsdk/id"; } 2>/dev/null || true
                        fi
                        if [[ "$_envsdk_id" == "${_ENVSDK_ID-}" ]]; then return $_envsdk_status; fi
                    else
                        _envsdk_find
                        if [[ -z "$_envsdk_dir" ]]; then return $_envsdk_status; fi
                    fi
                fi
                _envsdk_find
                _envsdk_id=
                _envsdk_rec="$_ENVSDK_STATE/dev$_envsdk_dir/.envsdk"
                if [[ -n "$_envsdk_dir" && -f "$_envsdk_rec/id" ]]; then
                    { IFS= read -r _envsdk_id <"$_envsdk_rec/id"; } 2>/dev/null || true
                fi
                _ENVSDK_PWD=$PWD
                if [[ "$_envsdk_dir" == "${_ENVSDK_DIR-}" && "$_envsdk_id" == "${_ENVSDK_ID-}" ]]; then return $_envsdk_status; fi
                _ENVSDK_DIR=$_envsdk_dir
                _ENVSDK_ID=$_envsdk_id
                if [[ -n "${_ENVSDK_ACTIVE-}" ]]; then
                    if {{hasDeactivate}}; then envsdk_deactivate; fi
                    _ENVSDK_ACTIVE=
                fi
                if [[ -z "$_envsdk_dir" ]]; then return $_envsdk_status; fi
                if [[ -z "$_envsdk_id" || ! -f "$_envsdk_rec/activate" ]]; then
                    _envsdk_note "blocked:$_envsdk_dir" "$_envsdk_dir/.envsdk/activate is blocked: no build on this machine allowed it. Run 'dotnet env build' there to allow it."
                    return $_envsdk_status
                fi
                # A link is not read (it could name anything); it cannot be the file the build wrote.
                if [[ -L "$_envsdk_dir/.envsdk/activate" ]]; then
                    _envsdk_here=link
                elif [[ -f "$_envsdk_dir/.envsdk/activate" ]]; then
                    { IFS= read -r -d '' _envsdk_here <"$_envsdk_dir/.envsdk/activate"; } 2>/dev/null || true
                    { IFS= read -r -d '' _envsdk_copy <"$_envsdk_rec/activate"; } 2>/dev/null || true
                fi
                if [[ "$_envsdk_here" != "$_envsdk_copy" ]]; then
                    _envsdk_note "edited:$_envsdk_dir:$_envsdk_id" "$_envsdk_dir/.envsdk/activate was changed since the build that allowed it; ignored. Run 'dotnet env build' there to allow what it is now."
                    return $_envsdk_status
                fi
                . "$_envsdk_rec/activate"
                _ENVSDK_ACTIVE=$_envsdk_dir
                if [[ "$_envsdk_dir/env.proj" -nt "$_envsdk_rec/id" || "$_envsdk_dir/env.lock.json" -nt "$_envsdk_rec/id" ]]; then
                    _envsdk_note "stale:$_envsdk_dir:$_envsdk_id" "$_envsdk_dir/env.proj or its lock changed since the last build; run 'dotnet env build' to update the env."
                fi
                return $_envsdk_status
            }

            {{install}}
            """;
    }

    private static string Fish(string state) => $$"""
        # Env.Sdk prompt hook for fish (docs/shell-hook.md). In config.fish: dotnet env hook fish | source
        # Activates the env of the folder you are in, from the allow record its last build on this machine wrote.
        set -g _ENVSDK_STATE {{ShellQuote.Fish(state)}}

        # The nearest folder from $PWD up with an env (its shell folder or a record); nothing when none.
        function _envsdk_find
            set -l dir $PWD
            while test -n "$dir" -a "$dir" != /
                if test -f "$dir/.envsdk/activate" -o -f "$_ENVSDK_STATE/dev$dir/.envsdk/id"
                    echo $dir
                    return 0
                end
                set dir (string replace -r '/[^/]*$' '' -- $dir)
            end
            return 1
        end

        function _envsdk_note
            if test "$argv[1]" != "$_ENVSDK_NOTE"
                set -g _ENVSDK_NOTE $argv[1]
                set -q ENVSDK_HOOK_QUIET; or printf 'envsdk: %s\n' $argv[2] >&2
            end
        end

        function _envsdk_hook --on-variable PWD --on-event fish_prompt
            set -l envsdk_status $status
            set -l id ''
            # The prompt where nothing changed: builtins only, no process.
            if test "$PWD" = "$_ENVSDK_PWD"
                if test -n "$_ENVSDK_DIR"
                    if test -f "$_ENVSDK_STATE/dev$_ENVSDK_DIR/.envsdk/id"
                        read id <"$_ENVSDK_STATE/dev$_ENVSDK_DIR/.envsdk/id"
                    end
                    test "$id" = "$_ENVSDK_ID"; and return $envsdk_status
                else
                    _envsdk_find >/dev/null; or return $envsdk_status
                end
            end
            set -l dir (_envsdk_find)
            set -l rec "$_ENVSDK_STATE/dev$dir/.envsdk"
            set id ''
            if test -n "$dir" -a -f "$rec/id"
                read id <"$rec/id"
            end
            set -g _ENVSDK_PWD $PWD
            if test "$dir" = "$_ENVSDK_DIR" -a "$id" = "$_ENVSDK_ID"
                return $envsdk_status
            end
            set -g _ENVSDK_DIR $dir
            set -g _ENVSDK_ID $id
            if test -n "$_ENVSDK_ACTIVE"
                functions -q envsdk_deactivate; and envsdk_deactivate
                set -g _ENVSDK_ACTIVE ''
            end
            test -z "$dir"; and return $envsdk_status
            if test -z "$id"; or not test -f "$rec/activate.fish"
                _envsdk_note "blocked:$dir" "$dir/.envsdk/activate.fish is blocked: no build on this machine allowed it. Run 'dotnet env build' there to allow it."
                return $envsdk_status
            end
            set -l here ''
            set -l copy ''
            # A link is not read (it could name anything); it cannot be the file the build wrote.
            if test -L "$dir/.envsdk/activate.fish"
                set here link
            else if test -f "$dir/.envsdk/activate.fish"
                set here (string collect -N <"$dir/.envsdk/activate.fish")
                set copy (string collect -N <"$rec/activate.fish")
            end
            if test "$here" != "$copy"
                _envsdk_note "edited:$dir:$id" "$dir/.envsdk/activate.fish was changed since the build that allowed it; ignored. Run 'dotnet env build' there to allow what it is now."
                return $envsdk_status
            end
            source "$rec/activate.fish"
            set -g _ENVSDK_ACTIVE $dir
            if test "$dir/env.proj" -nt "$rec/id" -o "$dir/env.lock.json" -nt "$rec/id"
                _envsdk_note "stale:$dir:$id" "$dir/env.proj or its lock changed since the last build; run 'dotnet env build' to update the env."
            end
            return $envsdk_status
        end

        """;

    private static string Pwsh(string state) => $$"""
        # Env.Sdk prompt hook for PowerShell (docs/shell-hook.md). In $PROFILE: Invoke-Expression (& dotnet env hook pwsh | Out-String)
        # Activates the env of the folder you are in, from the allow record its last build on this machine wrote.
        $global:_ENVSDK_STATE = {{ShellQuote.PowerShell(state)}}
        foreach ($_envsdk_name in '_ENVSDK_PWD', '_ENVSDK_DIR', '_ENVSDK_ID', '_ENVSDK_ACTIVE', '_ENVSDK_NOTE') {
            if (-not (Test-Path "Variable:global:$_envsdk_name")) { Set-Variable -Scope Global -Name $_envsdk_name -Value '' }
        }
        Remove-Variable _envsdk_name -ErrorAction Ignore

        # The record folder of an env folder: its path mirrored under dev/ (C:\src → dev\C\src; \\host\share → dev\UNC\host\share).
        function global:_envsdk_record([string] $dir) {
            $mirror = $dir -replace '^([A-Za-z]):', '$1'
            if ($mirror.StartsWith('\\')) { $mirror = 'UNC' + $mirror.Substring(1) }
            [IO.Path]::Combine($global:_ENVSDK_STATE, 'dev', $mirror.TrimStart('\', '/'), '.envsdk')
        }

        function global:_envsdk_find([string] $dir) {
            while ($dir -and $dir -ne [IO.Path]::GetPathRoot($dir)) {
                if ([IO.File]::Exists([IO.Path]::Combine($dir, '.envsdk', 'activate.ps1')) -or [IO.File]::Exists([IO.Path]::Combine((_envsdk_record $dir), 'id'))) { return $dir }
                $dir = [IO.Path]::GetDirectoryName($dir)
            }
            ''
        }

        function global:_envsdk_read_id([string] $dir) {
            $file = [IO.Path]::Combine((_envsdk_record $dir), 'id')
            if ($dir -and [IO.File]::Exists($file)) { try { return ([IO.File]::ReadAllText($file)).Trim() } catch { } }
            ''
        }

        function global:_envsdk_note([string] $key, [string] $text) {
            if ($key -cne $global:_ENVSDK_NOTE) {
                $global:_ENVSDK_NOTE = $key
                if (-not $env:ENVSDK_HOOK_QUIET) { [Console]::Error.WriteLine("envsdk: $text") }
            }
        }

        function global:_envsdk_hook {
            # The prompt where nothing changed: in-process .NET calls only, no process.
            $here = $ExecutionContext.SessionState.Path.CurrentFileSystemLocation.ProviderPath
            if ($here -ceq $global:_ENVSDK_PWD) {
                if ($global:_ENVSDK_DIR) { if ((_envsdk_read_id $global:_ENVSDK_DIR) -ceq $global:_ENVSDK_ID) { return } }
                elseif (-not (_envsdk_find $here)) { return }
            }
            $dir = _envsdk_find $here
            $id = _envsdk_read_id $dir
            $rec = _envsdk_record $dir
            $global:_ENVSDK_PWD = $here
            if ($dir -ceq $global:_ENVSDK_DIR -and $id -ceq $global:_ENVSDK_ID) { return }
            $global:_ENVSDK_DIR = $dir
            $global:_ENVSDK_ID = $id
            if ($global:_ENVSDK_ACTIVE) {
                if (Get-Command envsdk_deactivate -CommandType Function -ErrorAction Ignore) { envsdk_deactivate }
                $global:_ENVSDK_ACTIVE = ''
            }
            if (-not $dir) { return }
            $script = [IO.Path]::Combine($dir, '.envsdk', 'activate.ps1')
            $copy = [IO.Path]::Combine($rec, 'activate.ps1')
            if (-not $id -or -not [IO.File]::Exists($copy)) {
                _envsdk_note "blocked:$dir" "$script is blocked: no build on this machine allowed it. Run 'dotnet env build' there to allow it."
                return
            }
            # A link is not read (it could name anything); it cannot be the file the build wrote.
            $info = [IO.FileInfo]::new($script)
            if ($info.LinkTarget -or ($info.Exists -and ([IO.File]::ReadAllText($script) -cne [IO.File]::ReadAllText($copy)))) {
                _envsdk_note "edited:${dir}:$id" "$script was changed since the build that allowed it; ignored. Run 'dotnet env build' there to allow what it is now."
                return
            }
            . $copy
            $global:_ENVSDK_ACTIVE = $dir
            $stamp = [IO.File]::GetLastWriteTimeUtc([IO.Path]::Combine($rec, 'id'))
            foreach ($name in 'env.proj', 'env.lock.json') {
                $path = [IO.Path]::Combine($dir, $name)
                if ([IO.File]::Exists($path) -and [IO.File]::GetLastWriteTimeUtc($path) -gt $stamp) {
                    _envsdk_note "stale:${dir}:$id" "$path changed since the last build; run 'dotnet env build' to update the env."
                    break
                }
            }
        }

        # Wraps the prompt function once; $LASTEXITCODE is kept for the prompt it wraps.
        if (-not (Test-Path Variable:global:_ENVSDK_PROMPT)) {
            $global:_ENVSDK_PROMPT = $function:prompt
            function global:prompt {
                $envsdkExit = $global:LASTEXITCODE
                _envsdk_hook
                $global:LASTEXITCODE = $envsdkExit
                & $global:_ENVSDK_PROMPT
            }
        }

        """;
}
