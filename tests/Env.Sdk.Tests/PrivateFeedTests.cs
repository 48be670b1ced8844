using System.Text;
using Env.Core.Locking;

namespace Env.Sdk.Tests;

/// <summary>
/// A .NET tool from a private feed that requires authentication (<see cref="AuthenticatedFeed"/>), as an enterprise
/// feed does: it installs for <c>dotnet build env.proj</c>, <c>dotnet env add</c>, <c>dotnet env run</c> and
/// <c>dotnet env verify --repair</c> with the credentials <c>dotnet restore</c> would use, from nuget.config and from the
/// environment-variable form; the password is in no output and no file Env.Sdk writes; without (or with wrong)
/// credentials the failure is coded and names the source and what to do.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class PrivateFeedTests(SdkFixture fixture)
{
    private const string User = "envsdk-reader";

    /// <summary>Distinctive, so that finding it anywhere is a leak and nothing else.</summary>
    private static readonly string Password = "pw-" + Guid.NewGuid().ToString("N");

    private void WriteConfig(TestEnv env, AuthenticatedFeed feed, bool withCredentials)
    {
        var credentials = withCredentials
            ? $"""
              <packageSourceCredentials>
                <private>
                  <add key="Username" value="{User}" />
                  <add key="ClearTextPassword" value="{Password}" />
                </private>
              </packageSourceCredentials>
              """
            : "";
        File.WriteAllText(Path.Combine(env.ProjectDir, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="sdk" value="{fixture.SdkFeed}" />
                <add key="private" value="{feed.IndexUrl}" allowInsecureConnections="true" />
              </packageSources>
              {credentials}
            </configuration>
            """);
    }

    private AuthenticatedFeed Feed()
    {
        var feed = new AuthenticatedFeed(User, Password);
        feed.Add("Hello.Tool", "1.0.0", Path.Combine(fixture.ToolFeed, "Hello.Tool.1.0.0.nupkg"));
        feed.Add("Hello.Tool", "1.1.0", Path.Combine(fixture.ToolFeed, "Hello.Tool.1.1.0.nupkg"));
        return feed;
    }

    [Fact]
    public void Credentials_from_nuget_config_serve_build_add_run_and_repair()
    {
        using var env = new TestEnv(fixture);
        using var feed = Feed();
        WriteConfig(env, feed, withCredentials: true);
        EveryCallerInstallsFromTheFeed(env, feed, extra: null);
    }

    [Fact]
    public void Credentials_from_the_environment_variable_form_serve_build_add_run_and_repair()
    {
        using var env = new TestEnv(fixture);
        using var feed = Feed();
        WriteConfig(env, feed, withCredentials: false);
        var extra = new Dictionary<string, string?> { ["NuGetPackageSourceCredentials_private"] = $"Username={User};Password={Password}" };
        EveryCallerInstallsFromTheFeed(env, feed, extra);

        // Wrong credentials, then none: coded errors that name the source and the way out, and still no secret.
        ForgetEverythingFetched(env);
        var wrong = env.Build(new Dictionary<string, string?> { ["NuGetPackageSourceCredentials_private"] = $"Username={User};Password=not-{Password}" });
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("error ENV0450", wrong.Output);
        Assert.Contains("'private'", wrong.Output);
        Assert.Contains("NuGetPackageSourceCredentials_private", wrong.Output);
        Assert.DoesNotContain(Password, wrong.Output);

        var none = env.Build();
        Assert.NotEqual(0, none.ExitCode);
        Assert.Contains("error ENV0451", none.Output);
        Assert.Contains("'private'", none.Output);
        Assert.Contains("packageSourceCredentials", none.Output);
    }

    [Fact]
    public void Credentials_from_a_credential_provider_plugin_serve_build_add_run_and_repair()
    {
        using var env = new TestEnv(fixture);
        using var feed = Feed();
        WriteConfig(env, feed, withCredentials: false);
        var plugin = BuildPlugin(env);
        var log = Path.Combine(env.Root, "plugin.log");
        // As dotnet restore finds a provider: NUGET_PLUGIN_PATHS names its .dll, started with 'dotnet <dll> -Plugin'.
        var extra = new Dictionary<string, string?>
        {
            ["NUGET_PLUGIN_PATHS"] = plugin,
            ["TEST_FEED_USER"] = User,
            ["TEST_FEED_PASSWORD"] = Password,
            ["TEST_PLUGIN_LOG"] = log,
        };
        EveryCallerInstallsFromTheFeed(env, feed, extra);
        Assert.Contains("Request GetAuthenticationCredentials", File.ReadAllText(log));
    }

    /// <summary>
    /// A minimal NuGet credential provider: speaks the plugin protocol (newline-delimited JSON on stdin/stdout: the
    /// symmetric handshake, initialize, operation claims, credentials) and answers every credential request with the
    /// user and password its environment names. It logs the methods it was asked, never the answers.
    /// </summary>
    private static string BuildPlugin(TestEnv env)
    {
        var dir = Path.Combine(env.Root, "plugin-src");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "CredentialProvider.Test.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "Program.cs"), """
            using System.Text.Json.Nodes;

            var user = Environment.GetEnvironmentVariable("TEST_FEED_USER");
            var password = Environment.GetEnvironmentVariable("TEST_FEED_PASSWORD");
            var log = Environment.GetEnvironmentVariable("TEST_PLUGIN_LOG");
            var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
            var gate = new object();
            void Send(JsonObject message) { lock (gate) output.WriteLine(message.ToJsonString()); }
            void Log(string text) { if (log is not null) lock (gate) File.AppendAllText(log, text + "\n"); }

            // Our half of the symmetric handshake.
            Send(new JsonObject
            {
                ["RequestId"] = Guid.NewGuid().ToString(), ["Type"] = "Request", ["Method"] = "Handshake",
                ["Payload"] = new JsonObject { ["ProtocolVersion"] = "2.0.0", ["MinimumProtocolVersion"] = "1.0.0" },
            });
            string? line;
            while ((line = Console.In.ReadLine()) is not null)
            {
                if (line.Trim().Length == 0) continue;
                var message = JsonNode.Parse(line)!.AsObject();
                var type = (string?)message["Type"];
                var method = (string?)message["Method"];
                Log($"{type} {method}");
                if (type != "Request") continue;
                JsonObject payload = method switch
                {
                    "Handshake" => new JsonObject { ["ResponseCode"] = "Success", ["ProtocolVersion"] = "2.0.0" },
                    "GetOperationClaims" => new JsonObject { ["Claims"] = new JsonArray("Authentication") },
                    "GetAuthenticationCredentials" => user is null || password is null
                        ? new JsonObject { ["ResponseCode"] = "NotFound" }
                        : new JsonObject { ["ResponseCode"] = "Success", ["Username"] = user, ["Password"] = password, ["AuthenticationTypes"] = new JsonArray("Basic") },
                    _ => new JsonObject { ["ResponseCode"] = "Success" },
                };
                Send(new JsonObject { ["RequestId"] = (string?)message["RequestId"], ["Type"] = "Response", ["Method"] = method, ["Payload"] = payload });
                if (method == "Close") break;
            }
            """);
        var output = Path.Combine(env.Root, "plugin");
        var build = ProcessRunner.Run("dotnet", ["build", "-c", "Release", "-o", output, "-nr:false", "-v:q"], dir, env.Environment());
        Assert.True(build.ExitCode == 0, build.ToString());
        return Path.Combine(output, "CredentialProvider.Test.dll");
    }

    private void EveryCallerInstallsFromTheFeed(TestEnv env, AuthenticatedFeed feed, Dictionary<string, string?>? extra)
    {
        var outputs = new StringBuilder();
        env.WriteProject("""<Tool Include="hello" Package="Hello.Tool" Version="1.0.0" />""");

        // dotnet build env.proj (detailed: the task's inputs are logged too).
        var build = env.Build(extra, "-v:detailed");
        outputs.Append(build.Output);
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal("hello-dotnet 1.0.0 []", env.InShell("bash", "hello-dotnet").Output.Trim());
        Assert.True(feed.Refused > 0, "the feed asked for credentials");
        Assert.True(feed.Served > 0, "and accepted them");
        Assert.Contains(feed.UserAgents, a => a.StartsWith("Env.Sdk/", StringComparison.Ordinal));

        // dotnet env add: resolves on the feed, edits env.proj, builds.
        var add = env.DotnetEnv(["add", "Hello.Tool@1.1.0", "-v", "detailed"], extraEnv: extra);
        outputs.Append(add.Stdout).Append(add.Stderr);
        Assert.True(add.ExitCode == 0, add.ToString());
        // add downloaded the package to look into it; the build's restore then had it from NuGet's HTTP cache, and says
        // so: one download said, and none counted in the build's line.
        var added = add.Stdout + add.Stderr;
        Assert.True(System.Text.RegularExpressions.Regex.Count(added, "Downloaded Hello.Tool 1.1.0") == 1, added);
        Assert.Contains("Took Hello.Tool 1.1.0 from the NuGet cache", added);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(added, @"activate \(updated hello 1\.0\.0 → 1\.1\.0; lock written\)"), added);
        Assert.Equal("hello-dotnet 1.1.0 []", env.InShell("bash", "hello-dotnet").Output.Trim());

        // dotnet env run: the feeds of the current folder's nuget.config, as dnx (NuGet's HTTP cache emptied, so that
        // the versions are asked of the feed, not remembered from the build).
        ForgetDownloads(env);
        var served = feed.Served;
        var run = env.DotnetEnv(["run", "Hello.Tool@1.0.0", "x"], extraEnv: extra);
        outputs.Append(run.Stdout).Append(run.Stderr);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("hello-dotnet 1.0.0 [x]", run.Stdout.Trim());
        Assert.True(feed.Served > served, "run asked the feed");

        // dotnet env verify --repair: the changed entry rebuilt from the feed (neither cache has the package any more).
        var entry = LockFile.Load(env.LockFile).Find("hello", "any")!.StorePath;
        var root = Path.Combine(env.StoreDir, entry);
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        File.WriteAllText(Path.Combine(root, "intruder"), "x");
        ForgetDownloads(env);
        served = feed.Served;
        var repair = env.DotnetEnv(["verify", "--repair", env.ProjectDir, "-v", "detailed"], extraEnv: extra);
        outputs.Append(repair.Stdout).Append(repair.Stderr);
        Assert.True(repair.ExitCode == 0, repair.ToString());
        Assert.Contains($"repaired: {root}", repair.Stdout);
        Assert.True(feed.Served > served, "repair fetched from the feed");
        Assert.False(File.Exists(Path.Combine(root, "intruder")));

        // The secret is in no output and no file Env.Sdk or NuGet wrote (the user's nuget.config aside).
        Assert.DoesNotContain(Password, outputs.ToString());
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
        foreach (var file in Directory.EnumerateFiles(env.Root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            if (file == Path.Combine(env.ProjectDir, "nuget.config") || new FileInfo(file).LinkTarget is not null) continue;
            var text = Encoding.UTF8.GetString(File.ReadAllBytes(file));
            Assert.False(text.Contains(Password, StringComparison.Ordinal) || text.Contains(basic, StringComparison.Ordinal), $"{file} holds the feed's password");
        }
    }

    /// <summary>The download cache and NuGet's HTTP cache emptied: the next fetch must ask the feed.</summary>
    private static void ForgetDownloads(TestEnv env)
    {
        if (Directory.Exists(env.CacheDir)) Directory.Delete(env.CacheDir, recursive: true);
        var http = Path.Combine(env.Root, "nuget-http-cache");
        if (Directory.Exists(http)) Directory.Delete(http, recursive: true);
    }

    private static void ForgetEverythingFetched(TestEnv env)
    {
        Env.Core.Store.ReadOnlyTree.Delete(env.StoreDir);
        ForgetDownloads(env);
        env.ForgetRestore();
    }
}
