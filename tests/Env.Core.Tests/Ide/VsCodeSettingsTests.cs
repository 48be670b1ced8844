using System.Text;
using Env.Core.Diagnostics;
using Env.Core.Ide;
using Env.Core.Shell;

namespace Env.Core.Tests.Ide;

/// <summary>
/// EnvVsCode merges the env into .vscode/settings.json as text edits and takes out exactly what it added: the user's
/// comments, trailing commas, line breaks and byte order mark survive a merge and unmerge byte for byte.
/// </summary>
public sealed class VsCodeSettingsTests
{
    private const string Setting = "terminal.integrated.env.linux";

    private static readonly VsCodeEntry[] Wanted =
    [
        new(Setting, "PATH", "${workspaceFolder}/env/.envsdk/profile/bin:${env:PATH}"),
        new(Setting, "GREETING", "it's \"quoted\" \\ ünï"),
        new(Setting, "GOFLAGS", null),
    ];

    private sealed class Repo : IDisposable
    {
        private readonly TempDir _tmp = new();

        public Repo()
        {
            Directory.CreateDirectory(ProjectDir);
            File.WriteAllText(ProjectFile, "<Project Sdk=\"Env.Sdk\" />");
        }

        public string Root => _tmp.Path;
        public string ProjectDir => _tmp.Combine("env");
        public string ProjectFile => Path.Combine(ProjectDir, "env.proj");
        public string ShellDir => Path.Combine(ProjectDir, ".envsdk");
        public string Settings => _tmp.Combine(".vscode", "settings.json");

        public void WriteSettings(string text, bool bom = false)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Settings)!);
            File.WriteAllBytes(Settings, bom ? [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)] : Encoding.UTF8.GetBytes(text));
        }

        public IReadOnlyList<string> On(IReadOnlyList<VsCodeEntry>? wanted = null) => VsCodeSettings.Apply(ProjectFile, ShellDir, Settings, wanted ?? Wanted);

        public IReadOnlyList<string> Off() => VsCodeSettings.Apply(ProjectFile, ShellDir, null, []);

        public void Dispose() => _tmp.Dispose();
    }

    public static TheoryData<string, bool> Files() => new()
    {
        { "{\n\t// my settings\n\t\"editor.tabSize\": 2, // inline\n\t\"files.exclude\": { \"**/bin\": true, },\n}\n", false },
        { "{\r\n    \"editor.tabSize\": 2,\r\n    /* block */\r\n    \"terminal.integrated.env.linux\": {\r\n        \"MINE\": \"x\"\r\n    }\r\n}\r\n", true },
        { "{}", false },
        { "{\n  // only a comment\n}\n", false },
        { "", false },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void On_then_off_gives_back_the_users_file_byte_for_byte(string text, bool bom)
    {
        using var repo = new Repo();
        repo.WriteSettings(text, bom);
        var before = File.ReadAllBytes(repo.Settings);

        Assert.Empty(repo.On());
        var merged = File.ReadAllText(repo.Settings);
        using (var doc = System.Text.Json.JsonDocument.Parse(merged.TrimStart('\uFEFF'), new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true }))
        {
            var env = doc.RootElement.GetProperty(Setting);
            Assert.Equal(Wanted[0].Value, env.GetProperty("PATH").GetString());
            Assert.Equal(Wanted[1].Value, env.GetProperty("GREETING").GetString());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, env.GetProperty("GOFLAGS").ValueKind);
        }
        if (text.Contains("//")) Assert.Contains("// ", merged);
        if (text.Contains("\r\n")) Assert.DoesNotContain(merged.Replace("\r\n", ""), c => c == '\n');
        Assert.Equal(bom, File.ReadAllBytes(repo.Settings).AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }));
        Assert.StartsWith(ShellFolder.EnvJsonMarker, File.ReadAllText(Path.Combine(repo.ShellDir, ShellFolder.VsCodeRecord)));

        // A second build with the same env changes nothing.
        var stamp = File.GetLastWriteTimeUtc(repo.Settings);
        Assert.Empty(repo.On());
        Assert.Equal(merged, File.ReadAllText(repo.Settings));

        Assert.Empty(repo.Off());
        // An empty file is read as VS Code reads it, as {}, and given back as that.
        Assert.Equal(text.Length == 0 ? "{}\n"u8.ToArray() : before, File.ReadAllBytes(repo.Settings));
        Assert.False(File.Exists(Path.Combine(repo.ShellDir, ShellFolder.VsCodeRecord)));
    }

    private const string Env = "\t\t\"PATH\": \"${workspaceFolder}/env/.envsdk/profile/bin:${env:PATH}\",\n\t\t\"GREETING\": \"it's \\\"quoted\\\" \\\\ ünï\",\n\t\t\"GOFLAGS\": null\n";

    /// <summary>The user's file, the merged file, and what taking the env out leaves.</summary>
    public static TheoryData<string, string, string> OneLineFiles() => new()
    {
        {
            "{\"editor.tabSize\": 2}",
            "{\n\t\"editor.tabSize\": 2,\n\t\"terminal.integrated.env.linux\": {\n" + Env + "\t}\n}",
            "{\n\t\"editor.tabSize\": 2\n}"
        },
        {
            "{}\n",
            "{\n\t\"terminal.integrated.env.linux\": {\n" + Env + "\t}\n}\n",
            "{}\n"
        },
        {
            "{ /* mine */ \"editor.tabSize\": 2, \"files.exclude\": {\"**/bin\": true,}, }\n",
            "{\n\t/* mine */ \"editor.tabSize\": 2, \"files.exclude\": {\"**/bin\": true,},\n\t\"terminal.integrated.env.linux\": {\n" + Env + "\t},\n}\n",
            "{\n\t/* mine */ \"editor.tabSize\": 2, \"files.exclude\": {\"**/bin\": true,},\n}\n"
        },
        {
            "{\"a\":1,\"terminal.integrated.env.linux\":{\"MINE\": \"x\"}} // end\n",
            "{\n\t\"a\":1,\"terminal.integrated.env.linux\":{\n\t\t\"MINE\": \"x\",\n" + Env + "\t}\n} // end\n",
            "{\n\t\"a\":1,\"terminal.integrated.env.linux\":{\n\t\t\"MINE\": \"x\"\n\t}\n} // end\n"
        },
    };

    [Theory]
    [MemberData(nameof(OneLineFiles))]
    public void An_object_on_one_line_is_opened_onto_lines_and_the_users_entries_keep_their_text(string text, string merged, string off)
    {
        using var repo = new Repo();
        repo.WriteSettings(text);
        Assert.Empty(repo.On());
        Assert.Equal(merged, File.ReadAllText(repo.Settings));
        Assert.Empty(repo.On());
        Assert.Equal(merged, File.ReadAllText(repo.Settings));
        Assert.Empty(repo.Off());
        Assert.Equal(off, File.ReadAllText(repo.Settings));
    }

    [Fact]
    public void A_settings_file_it_created_goes_with_its_folder_when_turned_off()
    {
        using var repo = new Repo();
        repo.On();
        Assert.True(File.Exists(repo.Settings));
        repo.Off();
        Assert.False(Directory.Exists(Path.GetDirectoryName(repo.Settings)));
    }

    [Fact]
    public void A_value_the_user_changed_stays_with_a_warning_and_their_own_variables_are_not_overwritten()
    {
        using var repo = new Repo();
        repo.WriteSettings("{\n  \"terminal.integrated.env.linux\": { \"GOFLAGS\": \"-mod=vendor\" }\n}\n");
        var warnings = repo.On();
        Assert.Contains(warnings, w => w.Contains("already sets \"GOFLAGS\""));
        var text = File.ReadAllText(repo.Settings).Replace(Wanted[0].Value!, "/my/own/bin");
        File.WriteAllText(repo.Settings, text);

        warnings = repo.Off();
        Assert.Contains(warnings, w => w.Contains("\"PATH\" was changed"));
        var after = File.ReadAllText(repo.Settings);
        Assert.Contains("\"PATH\": \"/my/own/bin\"", after);
        Assert.Contains("\"GOFLAGS\": \"-mod=vendor\"", after);
        Assert.DoesNotContain("GREETING", after);
    }

    [Fact]
    public void A_changed_env_replaces_what_was_added_before()
    {
        using var repo = new Repo();
        repo.WriteSettings("{ \"a\": 1 }");
        repo.On();
        repo.On([new VsCodeEntry(Setting, "PATH", "/new:${env:PATH}")]);
        var text = File.ReadAllText(repo.Settings);
        Assert.DoesNotContain("GREETING", text);
        Assert.Contains("/new:${env:PATH}", text);
        repo.Off();
        Assert.Equal("{\n\t\"a\": 1\n}", File.ReadAllText(repo.Settings));
    }

    [Theory]
    [InlineData("[1, 2]", "not a JSON object")]
    [InlineData("{ \"a\": 1 \"b\": 2 }", "not valid JSON")]
    [InlineData("{ \"terminal.integrated.env.linux\": \"x\" }", "is not an object")]
    [InlineData("{ \"terminal.integrated.env.linux\": {}, \"terminal.integrated.env.linux\": {} }", "twice")]
    [InlineData("{ \"terminal.integrated.env.linux\": { \"PATH\": \"a\", \"PATH\": \"b\" } }", "twice")]
    public void A_file_it_cannot_safely_change_is_refused_naming_it_and_left_as_it_is(string text, string why)
    {
        using var repo = new Repo();
        repo.WriteSettings(text);
        var ex = Assert.Throws<EnvException>(() => repo.On());
        Assert.Equal(EnvCode.ENV0830, ex.Code);
        Assert.Contains(why, ex.Message);
        Assert.Contains(repo.Settings, ex.Message);
        Assert.Equal(text, File.ReadAllText(repo.Settings));
        Assert.False(Directory.Exists(repo.ShellDir));
    }

    [Fact]
    public void Links_are_refused_before_anything_is_written()
    {
        using var repo = new Repo();
        var elsewhere = Path.Combine(repo.Root, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        Directory.CreateSymbolicLink(Path.Combine(repo.Root, ".vscode"), elsewhere);
        Assert.Equal(EnvCode.ENV0831, Assert.Throws<EnvException>(() => repo.On()).Code);
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));

        Directory.Delete(Path.Combine(repo.Root, ".vscode"));
        Directory.CreateDirectory(Path.Combine(repo.Root, ".vscode"));
        var target = Path.Combine(elsewhere, "settings.json");
        File.WriteAllText(target, "{}");
        File.CreateSymbolicLink(repo.Settings, target);
        Assert.Equal(EnvCode.ENV0831, Assert.Throws<EnvException>(() => repo.On()).Code);
        Assert.Equal("{}", File.ReadAllText(target));
    }

    [Theory]
    [InlineData("other/.vscode/settings.json")]
    [InlineData("env/sub/.vscode/settings.json")]
    [InlineData(".vscode/launch.json")]
    [InlineData("settings.json")]
    public void A_settings_file_outside_the_projects_workspace_is_refused(string relative)
    {
        using var repo = new Repo();
        var ex = Assert.Throws<EnvException>(() => VsCodeSettings.Apply(repo.ProjectFile, repo.ShellDir, Path.Combine(repo.Root, relative), Wanted));
        Assert.Equal(EnvCode.ENV0832, ex.Code);
    }

    [Fact]
    public void A_record_that_points_elsewhere_or_is_malformed_is_refused()
    {
        using var repo = new Repo();
        Directory.CreateDirectory(repo.ShellDir);
        var record = Path.Combine(repo.ShellDir, ShellFolder.VsCodeRecord);
        File.WriteAllText(record, ShellFolder.EnvJsonMarker + "\n  \"settingsFile\": \"/etc/.vscode/settings.json\", \"createdFile\": true, \"createdSettings\": [], \"entries\": [] }");
        Assert.Equal(EnvCode.ENV0832, Assert.Throws<EnvException>(() => repo.Off()).Code);
        File.WriteAllText(record, ShellFolder.EnvJsonMarker + " nonsense");
        Assert.Equal(EnvCode.ENV0833, Assert.Throws<EnvException>(() => repo.Off()).Code);
        File.WriteAllText(record, "{\"mine\": true}");
        Assert.Equal(EnvCode.ENV0606, Assert.Throws<EnvException>(() => repo.Off()).Code);
    }

    private static readonly ShellActivation Activation = new("/w/env/env.proj", ["/w/env/.envsdk/profile/bin"],
    [
        new EnvVariable("MANPATH", "/w/env/.envsdk/profile/share/man", EnvVarOp.Prepend), new EnvVariable("PKG_CONFIG_PATH", "/opt/pc", EnvVarOp.Append),
        new EnvVariable("PYTHONPATH", "/w/env/lib/python", EnvVarOp.Prepend), new EnvVariable("PYTHONPATH", "/opt/py", EnvVarOp.Append),
        new EnvVariable("TEMPLATE", "${HOME}/x"), new EnvVariable("GOFLAGS", "", EnvVarOp.Unset), new EnvVariable("PLAIN", "/w/data"),
    ]);

    [Fact]
    public void Terminal_entries_keep_the_inherited_path_and_name_workspace_paths_relatively()
    {
        var entries = VsCodeTerminalEnv.Entries(Activation, "/w", out var skipped);
        var map = entries.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal("${workspaceFolder}/env/.envsdk/profile/bin:${env:PATH}", map["PATH"]);
        // Any other list is the env's entries alone: VS Code resolves ${env:NAME} of an unset variable to "", and
        // "entries:" would end in an empty entry, which a search list reads as the current folder.
        Assert.Equal("${workspaceFolder}/env/.envsdk/profile/share/man", map["MANPATH"]);
        Assert.Equal("/opt/pc", map["PKG_CONFIG_PATH"]);
        Assert.Equal("${workspaceFolder}/env/lib/python:/opt/py", map["PYTHONPATH"]);
        Assert.All(entries.Where(e => e.Name != "PATH" && e.Value is not null), e => Assert.DoesNotContain("${env:", e.Value));
        Assert.All(entries.Where(e => e.Value is not null), e => Assert.DoesNotContain("::", e.Value));
        Assert.All(entries.Where(e => e.Value is not null), e => Assert.False(e.Value!.StartsWith(':') || e.Value.EndsWith(':'), e.Value));
        Assert.Null(map["GOFLAGS"]);
        Assert.Equal("${workspaceFolder}/data", map["PLAIN"]);
        Assert.Equal(["TEMPLATE"], skipped);
        Assert.False(map.ContainsKey("TEMPLATE"));
    }
}
