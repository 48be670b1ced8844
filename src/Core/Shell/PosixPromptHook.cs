using Env.Core.Profiles;

namespace Env.Core.Shell;

/// <summary>
/// <see cref="PromptHook"/> for bash (through <c>PROMPT_COMMAND</c>) and zsh (<c>precmd_functions</c>,
/// <c>chpwd_functions</c>): one text, as the activate script they share, with the few lines that differ.
/// </summary>
internal static class PosixPromptHook
{
    public static string Generate(string state, bool bash)
    {
        var name = bash ? "bash" : "zsh";
        var head = bash ? "" : "    emulate -L zsh\n";
        // At most one character more than the record's copy: a file that large already differs, and a checkout's file
        // may be huge (zsh reads byte by byte: 50 MB froze a prompt for 26 s).
        var readBounded = bash ? "read -r -N" : "read -r -u 0 -k";
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

            # Whether folder $1 holds an env: its env.proj, its shell folder, or a record of a build.
            _envsdk_has() {
                [[ -f "$1/env.proj" || -f "$1/.envsdk/activate" || -f "$_ENVSDK_STATE/dev$1/.envsdk/id" ]]
            }

            # Sets the caller's _envsdk_dir to the env of $PWD, or "": the rule of EnvProjectLocator (docs/design.md), from
            # $PWD up the first folder that holds an env itself or in its env/ folder, itself first.
            _envsdk_find() {
                _envsdk_dir=$PWD
                while [[ -n "$_envsdk_dir" && "$_envsdk_dir" != / ]]; do
                    if _envsdk_has "$_envsdk_dir"; then return 0; fi
                    if _envsdk_has "$_envsdk_dir/env"; then _envsdk_dir=$_envsdk_dir/env; return 0; fi
                    _envsdk_dir=${_envsdk_dir%/*}
                done
                _envsdk_dir=
            }

            # One line on stderr, once for each new notice (the key), unless ENVSDK_HOOK_QUIET is set.
            _envsdk_note() {
                if [[ "$1" != "${_ENVSDK_NOTE-}" ]]; then
                    _ENVSDK_NOTE=$1
                    # Control characters (a cloned folder's name may hold escape sequences) shown as '?', as ls does.
                    if [[ -z "${ENVSDK_HOOK_QUIET-}" ]]; then printf 'envsdk: %s\n' "${2//[[:cntrl:]]/?}" >&2; fi
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
                if [[ -z "$_envsdk_id" && ! -e "$_envsdk_dir/.envsdk/activate" ]]; then
                    _envsdk_note "unbuilt:$_envsdk_dir" "$_envsdk_dir/env.proj is not built on this machine. Run 'dotnet env build' there to build it and allow its activation here."
                    return $_envsdk_status
                fi
                if [[ -z "$_envsdk_id" || ! -f "$_envsdk_rec/activate" ]]; then
                    _envsdk_note "blocked:$_envsdk_dir" "$_envsdk_dir/.envsdk/activate is blocked: no build on this machine allowed it. Run 'dotnet env build' there to allow it."
                    return $_envsdk_status
                fi
                # A link is not read (it could name anything); it cannot be the file the build wrote.
                if [[ -L "$_envsdk_dir/.envsdk/activate" ]]; then
                    _envsdk_here=link
                elif [[ -f "$_envsdk_dir/.envsdk/activate" ]]; then
                    { IFS= read -r -d '' _envsdk_copy <"$_envsdk_rec/activate"; } 2>/dev/null || true
                    { IFS= {{readBounded}} $(( ${#_envsdk_copy} + 1 )) _envsdk_here <"$_envsdk_dir/.envsdk/activate"; } 2>/dev/null || true
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
}
