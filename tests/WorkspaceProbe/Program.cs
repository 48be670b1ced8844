using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

// Opens the solution given as the only argument, as a language server does, and prints what a test compares, one
// fact a line: every workspace diagnostic (a load failure is one), each project with its language, documents and
// package references, and each error of its compilation.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: WorkspaceProbe SOLUTION");
    return 2;
}

using var workspace = MSBuildWorkspace.Create();
var solution = await workspace.OpenSolutionAsync(Path.GetFullPath(args[0]));
foreach (var diagnostic in workspace.Diagnostics)
    Console.WriteLine($"WORKSPACE {diagnostic.Kind}: {diagnostic.Message}");
foreach (var project in solution.Projects.OrderBy(p => p.Name, StringComparer.Ordinal))
{
    var packages = project.MetadataReferences.OfType<PortableExecutableReference>()
        .Select(r => Path.GetFileNameWithoutExtension(r.FilePath ?? ""))
        .Where(name => name.StartsWith("xunit", StringComparison.OrdinalIgnoreCase))
        .Distinct().Order(StringComparer.Ordinal);
    Console.WriteLine($"PROJECT {project.Name} {project.Language} documents={project.Documents.Count()} xunit=[{string.Join(",", packages)}]");
    var compilation = await project.GetCompilationAsync();
    foreach (var error in compilation!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
        Console.WriteLine($"ERROR {project.Name} {error.Id}: {error.GetMessage()}");
}
return 0;
