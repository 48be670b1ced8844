using System.IO.Compression;
using System.Text;
using Env.Core.Tests;

namespace Env.Sdk.Tests;

/// <summary>
/// Built once per test run: the Env.Sdk package packed from this checkout into a private feed, and a feed
/// of tool packages made here (a real .NET tool in two versions, and a package of native binaries).
/// The global packages folder is private to the run, so the SDK is never served stale from the user's.
/// </summary>
public sealed class SdkFixture : IDisposable
{
    private readonly TempDir _root = new("envsdk-e2e-");
    private readonly Lazy<string> _templateHive;
    private readonly Lazy<bool> _homeModules;

    public SdkFixture()
    {
        _templateHive = new(InstallTemplates);
        _homeModules = new(PackHomeModules);
        Directory.CreateDirectory(SdkFeed);
        Directory.CreateDirectory(ToolFeed);
        var pack = ProcessRunner.Run("dotnet", ["pack", Path.Combine(Repo.Root, "src/Sdk/Env.Sdk.csproj"), "-c", "Release", "-o", SdkFeed, "-nr:false", "-v:q"],
            Repo.Root, new Dictionary<string, string?> { ["MSBUILDDISABLENODEREUSE"] = "1" }, TimeSpan.FromMinutes(5));
        if (pack.ExitCode != 0) throw new InvalidOperationException("Packing Env.Sdk failed:\n" + pack.Output);
        InstallCli();

        BuildDotnetTool("1.0.0", ToolFeed);
        BuildDotnetTool("1.1.0", ToolFeed);
        BuildDotnetTool("1.2.0", LaterFeed);
        WriteNativePackage("Native.Hello", "2.0.0");
        BuildRidSpecificTool();
    }

    public string Root => _root.Path;

    public string SdkFeed => Path.Combine(Root, "sdk-feed");

    public string ToolFeed => Path.Combine(Root, "tool-feed");

    /// <summary>A release that appears "later": tests copy it into their own feed to see updates.</summary>
    public string LaterFeed => Path.Combine(Root, "later-feed");

    /// <summary>The dotnet-env tool, packed from this checkout and installed here as a user would (dotnet tool install --tool-path).</summary>
    public string ToolsDir => Path.Combine(Root, "tools");

    public string DotnetEnv => Path.Combine(ToolsDir, "dotnet-env");

    /// <summary>Shared by the run's builds: the SDK package is the same for all of them.</summary>
    public string NuGetPackages => Path.Combine(Root, "nuget-packages");

    /// <summary>
    /// A private `dotnet new` hive (--debug:custom-hive) with Env.Templates, packed from this checkout on first use,
    /// so only the template tests pay for it.
    /// </summary>
    public string TemplateHive => _templateHive.Value;

    private string InstallTemplates()
    {
        var pack = ProcessRunner.Run("dotnet", ["pack", Path.Combine(Repo.Root, "templates/Env.Templates.csproj"), "-c", "Release", "-o", SdkFeed, "-nr:false", "-v:q"],
            Repo.Root, new Dictionary<string, string?> { ["MSBUILDDISABLENODEREUSE"] = "1", ["NUGET_PACKAGES"] = NuGetPackages }, TimeSpan.FromMinutes(5));
        if (pack.ExitCode != 0) throw new InvalidOperationException("Packing Env.Templates failed:\n" + pack.Output);
        var hive = Path.Combine(Root, "template-hive");
        var env = new Dictionary<string, string?>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1", ["DOTNET_CLI_HOME"] = Path.Combine(Root, "template-cli-home"),
        };
        var install = ProcessRunner.Run("dotnet", ["new", "install", Path.Combine(SdkFeed, $"Env.Templates.{Repo.SdkVersion}.nupkg"), "--debug:custom-hive", hive],
            Root, env, TimeSpan.FromMinutes(5));
        if (install.ExitCode != 0) throw new InvalidOperationException("Installing Env.Templates failed:\n" + install.Output);
        return hive;
    }

    /// <summary>The first-party home modules (src/Modules), packed into <see cref="SdkFeed"/> on first use, so only their tests pay for it.</summary>
    public static readonly string[] HomeModules = ["Env.Home.Git", "Env.Home.Bash", "Env.Home.Zsh", "Env.Home.Fish", "Env.Home.Ssh"];

    public void EnsureHomeModules() => _ = _homeModules.Value;

    private bool PackHomeModules()
    {
        foreach (var module in HomeModules)
        {
            var pack = ProcessRunner.Run("dotnet", ["pack", Path.Combine(Repo.Root, "src", "Modules", module, module + ".csproj"), "-c", "Release", "-o", SdkFeed, "-nr:false", "-v:q"],
                Repo.Root, new Dictionary<string, string?> { ["MSBUILDDISABLENODEREUSE"] = "1", ["NUGET_PACKAGES"] = NuGetPackages }, TimeSpan.FromMinutes(5));
            if (pack.ExitCode != 0) throw new InvalidOperationException($"Packing {module} failed:\n" + pack.Output);
        }
        return true;
    }

    private void InstallCli()
    {
        var env = new Dictionary<string, string?> { ["MSBUILDDISABLENODEREUSE"] = "1", ["NUGET_PACKAGES"] = NuGetPackages };
        var pack = ProcessRunner.Run("dotnet", ["pack", Path.Combine(Repo.Root, "src/Cli/Env.Cli.csproj"), "-c", "Release", "-o", SdkFeed, "-nr:false", "-v:q"],
            Repo.Root, env, TimeSpan.FromMinutes(15));
        if (pack.ExitCode != 0) throw new InvalidOperationException("Packing dotnet-env failed:\n" + pack.Output);
        var install = ProcessRunner.Run("dotnet", ["tool", "install", "dotnet-env", "--version", Repo.SdkVersion, "--tool-path", ToolsDir, "--add-source", SdkFeed],
            Root, env, TimeSpan.FromMinutes(5));
        if (install.ExitCode != 0) throw new InvalidOperationException("Installing dotnet-env failed:\n" + install.Output);
    }

    /// <summary>A framework-dependent .NET tool, command 'hello-dotnet', that prints its version and arguments.</summary>
    private void BuildDotnetTool(string version, string feed) =>
        PackTool("HelloTool", feed, $"-p:Version={version}", """
            <PackAsTool>true</PackAsTool>
            <ToolCommandName>hello-dotnet</ToolCommandName>
            <PackageId>Hello.Tool</PackageId>
            """, """
            var version = typeof(Program).Assembly.GetName().Version!.ToString(3);
            Console.WriteLine($"hello-dotnet {version} [{string.Join("|", args)}]");
            """);

    /// <summary>
    /// A .NET 10 RID-specific tool: Rid.Tool only points at Rid.Tool.linux-x64 and Rid.Tool.osx-arm64, whose
    /// command is a native apphost (Runner="executable").
    /// </summary>
    private void BuildRidSpecificTool() =>
        PackTool("RidTool", ToolFeed, "-p:Version=1.0.0", """
            <PackAsTool>true</PackAsTool>
            <ToolCommandName>rid-hello</ToolCommandName>
            <PackageId>Rid.Tool</PackageId>
            <RuntimeIdentifiers>linux-x64;osx-arm64</RuntimeIdentifiers>
            """, """
            Console.WriteLine("rid-hello on " + System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier);
            """);

    private void PackTool(string name, string feed, string versionArg, string properties, string program)
    {
        var dir = Path.Combine(Root, "src", name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                {properties}
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "Program.cs"), program);
        var env = new Dictionary<string, string?> { ["MSBUILDDISABLENODEREUSE"] = "1", ["NUGET_PACKAGES"] = Path.Combine(Root, "tool-build-packages") };
        var result = ProcessRunner.Run("dotnet", ["pack", "-c", "Release", "-o", feed, versionArg, "-nr:false", "-v:q"], dir, env, TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0) throw new InvalidOperationException($"Packing the test tool {name} failed:\n" + result.Output);
    }

    /// <summary>
    /// A package that carries programs for several platforms, as Google.Protobuf.Tools does. Zip entries
    /// carry no Unix modes here, as in most real packages, so Bin must make them executable.
    /// </summary>
    private void WriteNativePackage(string id, string version) =>
        TestPackages.Write(ToolFeed, id, version, "native binaries", null, new Dictionary<string, string>
        {
            ["tools/linux_x64/native-hello"] = "#!/bin/sh\necho \"native-hello $*\"\n",
            ["tools/macosx_arm64/native-hello"] = "#!/bin/sh\necho mac\n",
        });

    public void Dispose() => _root.Dispose();
}

[CollectionDefinition(Name)]
public sealed class SdkCollection : ICollectionFixture<SdkFixture>
{
    public const string Name = "sdk";
}
