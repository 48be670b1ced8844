using Env.Core.Diagnostics;
using Env.Core.Shell;

namespace Env.Core.Tests.Shell;

/// <summary>What can be checked of the hook text without a shell (the shells run it in Env.Sdk.Tests' HookTests).</summary>
public sealed class PromptHookTests
{
    [Theory]
    [InlineData("bash")]
    [InlineData("zsh")]
    [InlineData("fish")]
    [InlineData("pwsh")]
    public void The_hook_names_the_state_folder_quoted_for_its_shell(string shell)
    {
        var hook = PromptHook.Generate(shell, "/st ate/it's");
        Assert.Contains(shell == "fish" ? @"'/st ate/it\'s'" : shell == "pwsh" ? "'/st ate/it''s'" : @"'/st ate/it'\''s'", hook);
        Assert.Contains("_envsdk_hook", hook);
    }

    [Fact]
    public void An_unknown_shell_is_a_coded_error()
    {
        Assert.Equal(EnvCode.ENV0623, Assert.Throws<EnvException>(() => PromptHook.Generate("tcsh", "/s")).Code);
    }

    [Fact]
    public void The_envrc_line_names_the_record_by_PWD_and_escapes_a_relative_path()
    {
        Assert.Equal(
            "envsdk_envrc=\"${XDG_STATE_HOME:-$HOME/.local/state}/envsdk/dev$PWD/.envsdk/envrc\"; [[ -f $envsdk_envrc ]] || dotnet build \"$PWD/env.proj\" -nologo -v:q -tl:off >&2 || watch_file \"$PWD/env.proj\"; [[ ! -f $envsdk_envrc ]] || . \"$envsdk_envrc\"",
            DirenvScript.EnvrcLine("/r", "/r/env.proj"));
        Assert.Contains("dev$PWD/a\\$b\\\"c/.envsdk/envrc", DirenvScript.EnvrcLine("/r", "/r/a$b\"c/env.proj"));
    }
}
