using Env.Core.Profiles;

namespace Env.Core.Shell;

/// <summary>
/// <see cref="PromptHook"/> for fish: a handler of the <c>PWD</c> variable and of the <c>fish_prompt</c> event,
/// builtins only (fish runs command substitutions of functions and builtins in-process).
/// </summary>
internal static class FishPromptHook
{
    public static string Generate(string state) => $$"""
        # Env.Sdk prompt hook for fish (docs/shell-hook.md). In config.fish: dotnet env hook fish | source
        # Activates the env of the folder you are in, from the allow record its last build on this machine wrote.
        set -g _ENVSDK_STATE {{ShellQuote.Fish(state)}}

        # Whether folder $argv[1] holds an env: its env.proj, its shell folder, or a record of a build.
        function _envsdk_has
            test -f "$argv[1]/env.proj" -o -f "$argv[1]/.envsdk/activate" -o -f "$_ENVSDK_STATE/dev$argv[1]/.envsdk/id"
        end

        # The env of $PWD, NUL-terminated; nothing when none. The rule of EnvProjectLocator (docs/design.md): from $PWD up
        # the first folder that holds an env itself or in its env/ folder, itself first.
        function _envsdk_find
            set -l dir $PWD
            while test -n "$dir" -a "$dir" != /
                # NUL-terminated: a folder's name may hold a newline, which a command substitution would split on.
                if _envsdk_has $dir
                    printf '%s\0' $dir
                    return 0
                end
                if _envsdk_has $dir/env
                    printf '%s\0' $dir/env
                    return 0
                end
                set dir (string replace -r '/[^/]*$' '' -- $dir)
            end
            return 1
        end

        function _envsdk_note
            if test "$argv[1]" != "$_ENVSDK_NOTE"
                set -g _ENVSDK_NOTE $argv[1]
                # Control characters (a cloned folder's name may hold escape sequences) shown as '?', as ls does.
                set -q ENVSDK_HOOK_QUIET; or printf 'envsdk: %s\n' (string replace -ra '\p{Cc}' '?' -- $argv[2]) >&2
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
            set -l dir (_envsdk_find | string split0)
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
            if test -z "$id"; and not test -e "$dir/.envsdk/activate.fish"
                _envsdk_note "unbuilt:$dir" "$dir/env.proj is not built on this machine. Run 'dotnet env build' there to build it and allow its activation here."
                return $envsdk_status
            end
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
                set copy (string collect -N <"$rec/activate.fish")
                # At most one character more than the record's copy: a checkout's file may be huge.
                read -z -n (math (string length -- "$copy") + 1) here <"$dir/.envsdk/activate.fish"
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
}
