using Env.Core.Profiles;

namespace Env.Core.Shell;

/// <summary>
/// <see cref="PromptHook"/> for PowerShell 7: wraps the <c>prompt</c> function; in-process .NET calls only.
/// </summary>
internal static class PwshPromptHook
{
    public static string Generate(string state) => $$"""
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

        # Whether a folder holds an env: its env.proj, its shell folder, or a record of a build.
        function global:_envsdk_has([string] $dir) {
            [IO.File]::Exists([IO.Path]::Combine($dir, 'env.proj')) -or [IO.File]::Exists([IO.Path]::Combine($dir, '.envsdk', 'activate.ps1')) -or [IO.File]::Exists([IO.Path]::Combine((_envsdk_record $dir), 'id'))
        }

        # The env of a folder, or '': the rule of EnvProjectLocator (docs/design.md), from the folder up the first one that
        # holds an env itself or in its env folder, itself first.
        function global:_envsdk_find([string] $dir) {
            while ($dir -and $dir -ne [IO.Path]::GetPathRoot($dir)) {
                if (_envsdk_has $dir) { return $dir }
                $below = [IO.Path]::Combine($dir, 'env')
                if (_envsdk_has $below) { return $below }
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
                # Control characters (a cloned folder's name may hold escape sequences) shown as '?', as ls does.
                if (-not $env:ENVSDK_HOOK_QUIET) { [Console]::Error.WriteLine("envsdk: " + ($text -replace '\p{Cc}', '?')) }
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
            if (-not $id -and -not [IO.File]::Exists($script)) {
                _envsdk_note "unbuilt:$dir" "$([IO.Path]::Combine($dir, 'env.proj')) is not built on this machine. Run 'dotnet env build' there to build it and allow its activation here."
                return
            }
            if (-not $id -or -not [IO.File]::Exists($copy)) {
                _envsdk_note "blocked:$dir" "$script is blocked: no build on this machine allowed it. Run 'dotnet env build' there to allow it."
                return
            }
            # A link is not read (it could name anything); it cannot be the file the build wrote.
            $info = [IO.FileInfo]::new($script)
            # Sizes first: a checkout's file may be huge (or a FIFO), and is read only when it may be the copy.
            if ($info.LinkTarget -or ($info.Exists -and ($info.Length -ne [IO.FileInfo]::new($copy).Length -or [IO.File]::ReadAllText($script) -cne [IO.File]::ReadAllText($copy)))) {
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
