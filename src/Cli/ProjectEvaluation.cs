using System.Diagnostics;
using System.Text.Json;
using Env.Core.Diagnostics;

namespace Env.Cli;

/// <summary>
/// Items and properties of env.proj as MSBuild evaluates them (<c>dotnet msbuild -getItem: -getProperty:</c>), read from
/// the JSON it prints: evaluation only, no target runs, nothing is fetched or written (the module packages, MSBuild SDKs,
/// are resolved as any evaluation resolves them). At least two names are asked, so MSBuild always prints JSON.
/// </summary>
internal static class ProjectEvaluation
{
    /// <summary>More than any env's items print; the rest of a runaway output is not read.</summary>
    private const int MaxChars = 16 << 20;

    /// <returns>MSBuild's JSON: <c>Properties</c> (name to value) and <c>Items</c> (type to a list of objects with <c>Identity</c> and the metadata).</returns>
    public static JsonDocument Read(string projectFile, IReadOnlyList<string> items, IReadOnlyList<string> properties, IReadOnlyList<string> msbuildArguments, string why)
    {
        var start = new ProcessStartInfo(DotnetHost.Path())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var (folder, project) = DotnetBuild.ProjectArgument(projectFile);
        if (folder is not null) start.WorkingDirectory = folder;
        foreach (var arg in new[] { "msbuild", project, "-nologo" }) start.ArgumentList.Add(arg);
        if (items.Count > 0) start.ArgumentList.Add("-getItem:" + string.Join(",", items));
        // EnvKind is always asked: a second name, so the answer is JSON even for one option (one property alone prints its bare value).
        start.ArgumentList.Add("-getProperty:" + string.Join(",", properties.Prepend("EnvKind").Prepend("MSBuildProjectFullPath").Distinct(StringComparer.OrdinalIgnoreCase)));
        foreach (var arg in msbuildArguments) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        var buffer = new char[MaxChars];
        var read = process.StandardOutput.ReadBlock(buffer, 0, buffer.Length);
        while (process.StandardOutput.Read(buffer, 0, 4096) > 0) { } // drained, so the process is not blocked on a full pipe
        process.WaitForExit();
        var stdout = new string(buffer, 0, read);
        // What precedes the JSON (a resolver's note) is not part of it.
        if (stdout.IndexOf('{') is > 0 and var brace) stdout = stdout[brace..];
        if (process.ExitCode != 0 || read == MaxChars) throw Failed(projectFile, why, $"dotnet msbuild exited with {process.ExitCode}: " + Said(stdout + "\n" + stderr.Result));
        try
        {
            return JsonDocument.Parse(stdout, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            throw Failed(projectFile, why, "dotnet msbuild printed what is not JSON: " + Said(stdout));
        }
    }

    private static string Said(string output) =>
        PrintableText.Of(string.Join(" ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(5)));

    private static EnvException Failed(string projectFile, string why, string what) =>
        new(EnvCode.ENV0765, $"Could not evaluate {projectFile} to {why} ({what}). Nothing was changed. 'dotnet env build' shows what is wrong with the project.", projectFile);
}
