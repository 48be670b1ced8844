using Env.Core.Locking;
using Env.Core.Model;
using Env.Core.Profiles;
using Env.Core.Store;
using Env.Core.Tests.NuGet;

namespace Env.Core.Tests.Profiles;

/// <summary>
/// A .NET tool's command also answers <c>dotnet COMMAND</c>: the profile adds <c>dotnet-COMMAND</c>, the same program,
/// unless the command has that form already or a command of the env has that name.
/// </summary>
public sealed class DotnetCommandAliasTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("csharpier", "dotnet-csharpier")]
    [InlineData("docfx", "dotnet-docfx")]
    [InlineData("format", "dotnet-format")]
    [InlineData("Dotnet-x", "dotnet-Dotnet-x")] // the CLI prepends "dotnet-" as it is, so only that form is "already named"
    [InlineData("dotnet", "dotnet-dotnet")]
    [InlineData("dotnetfoo", "dotnet-dotnetfoo")]
    public void A_command_is_also_dotnet_dash_command(string command, string alias) =>
        Assert.Equal(alias, DotnetCommandAlias.NameFor(command));

    [Theory]
    [InlineData("dotnet-ef")]
    [InlineData("dotnet-")]
    public void A_command_already_named_dotnet_dash_gets_no_second_name(string command) =>
        Assert.Null(DotnetCommandAlias.NameFor(command));

    [Fact]
    public void A_name_too_long_for_a_file_once_prefixed_gets_none()
    {
        Assert.Null(DotnetCommandAlias.NameFor(new string('a', CommandName.MaxBytes - DotnetCommandAlias.Prefix.Length + 1)));
        Assert.NotNull(DotnetCommandAlias.NameFor(new string('a', CommandName.MaxBytes - DotnetCommandAlias.Prefix.Length)));
    }

    [Fact]
    public void Only_dotnet_tool_commands_get_an_alias_and_it_is_the_same_program()
    {
        Command[] commands =
        [
            new("hello", "t", CommandKind.DotnetShim, "/store/t/hello.dll", OfDotnetTool: true),
            new("native", "n", CommandKind.Link, "/store/n/native", OfDotnetTool: true),
            new("rg", "ripgrep", CommandKind.Link, "/store/r/bin/rg"),
            new("dotnet-ef", "ef", CommandKind.DotnetShim, "/store/ef/ef.dll", OfDotnetTool: true),
        ];

        var all = DotnetCommandAlias.AddTo(commands);

        Assert.Equal(commands, all.Take(commands.Length));
        Assert.Equal(
            [
                new Command("dotnet-hello", "t", CommandKind.DotnetShim, "/store/t/hello.dll", true, "hello"),
                new Command("dotnet-native", "n", CommandKind.Link, "/store/n/native", true, "native"),
            ],
            all.Skip(commands.Length));
    }

    [Theory]
    [InlineData("dotnet-hello")]
    [InlineData("DOTNET-Hello")] // one file on Windows and macOS
    public void A_command_of_the_env_named_like_the_alias_wins_and_the_alias_is_not_added(string other)
    {
        Command[] commands =
        [
            new("hello", "t", CommandKind.DotnetShim, "/store/t/hello.dll", OfDotnetTool: true),
            new(other, "other", CommandKind.Link, "/store/o/bin/" + other),
        ];
        Assert.Equal(commands, DotnetCommandAlias.AddTo(commands));
    }

    [Fact]
    public void ResolveAll_adds_the_alias_of_a_dotnet_tool_package_and_none_for_an_archive()
    {
        var layout = new StoreLayout(_dir.Combine("store"));
        var tool = "0123456789abcdfghijklmnpqrsvwxyz-hello-1.0.0";
        var settings = Directory.CreateDirectory(Path.Combine(layout.EntryPath(tool), "tools", "net8.0", "any")).FullName;
        File.WriteAllText(Path.Combine(settings, "DotnetToolSettings.xml"), TestNupkg.ToolSettings("hello", "Hello.dll", "dotnet"));
        File.WriteAllText(Path.Combine(settings, "Hello.dll"), "");
        var archive = "0123456789abcdfghijklmnpqrsvwxyz-greet-1";
        var bin = Directory.CreateDirectory(Path.Combine(layout.EntryPath(archive), "bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "greet"), "#!/bin/sh\n");
        File.SetUnixFileMode(Path.Combine(bin, "greet"), (UnixFileMode)0b111_101_101);
        var toolSpec = new ToolSpec { Name = "hello", Version = "1.0.0", Package = "Hello.Tool" };
        var archiveSpec = new ToolSpec { Name = "greet", Version = "1", Url = new Uri("https://x.test/greet.tgz") };
        LockEntry Locked(string storePath, string kind) =>
            new() { Kind = kind, Requested = "1", Version = "1", SourceHash = "", NarHash = "", StorePath = storePath };

        var commands = CommandResolver.ResolveAll(
            [(toolSpec, Locked(tool, LockEntry.NuGetKind)), (archiveSpec, Locked(archive, LockEntry.ArchiveKind))], layout, "linux-x64", null);

        Assert.Equal(["dotnet-hello", "greet", "hello"], commands.Select(c => c.Name).Order(StringComparer.Ordinal));
        var alias = commands.Single(c => c.Name == "dotnet-hello");
        var command = commands.Single(c => c.Name == "hello");
        Assert.Equal((command.Kind, command.Target, "hello"), (alias.Kind, alias.Target, alias.AliasOf));
        // One tool's own commands, as `dotnet env run` chooses among them, have no alias.
        Assert.Equal(["hello"], CommandResolver.Resolve(toolSpec, Locked(tool, LockEntry.NuGetKind), layout, "linux-x64").Select(c => c.Name));
    }
}
