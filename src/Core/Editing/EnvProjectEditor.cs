using Env.Core.Diagnostics;
using Env.Core.Model;
using Env.Core.Tools;

namespace Env.Core.Editing;

/// <summary>
/// Adds, replaces and removes <c>Tool</c> items in env.proj as a person would: the new item goes beside the other Tool
/// items with their indentation, and every other byte (comments, blank lines, attribute order and quotes, line breaks,
/// encoding) stays as it was. Items the editor cannot change without changing what else the build reads (in an
/// import, under a Condition, named through a property, metadata as child elements…) are refused, never guessed at.
/// <list type="number">
/// <item>Load (<see cref="Load"/>): env.proj's bytes, encoding and line breaks (<see cref="ProjectFileText"/>); ENV0720
/// when it cannot be kept byte for byte.</item>
/// <item>Check (<see cref="CheckEditable"/>) before anything is downloaded: the item is one the editor may change (ENV0721).</item>
/// <item>Edit (<see cref="Add"/>, <see cref="Remove"/>): new text spliced at the spans <see cref="XmlSpanReader"/> found.</item>
/// <item>Write: whole, through a temporary file and a rename, only if the file did not change since it was read.</item>
/// </list>
/// A refusal changes nothing and says so; the CLI puts env.proj back when the build after an <c>add</c> fails.
/// </summary>
public sealed class EnvProjectEditor
{
    private const string ToolType = "Tool";

    private readonly XmlElementSpan _root;

    /// <param name="text">The text to edit: the file's, or what earlier items of one <see cref="AddAll"/> made of it.</param>
    private EnvProjectEditor(ProjectFileText file, string text, XmlElementSpan root)
    {
        File = file;
        Text = text;
        _root = root;
    }

    public ProjectFileText File { get; }

    private string Text { get; }

    private string ProjectPath => File.Path;

    /// <summary>Reads env.proj; ENV0720 when it cannot be read, is not UTF-8/UTF-16, or is not well-formed XML.</summary>
    public static EnvProjectEditor Load(string projectFile)
    {
        var file = ProjectFileText.Read(projectFile);
        var root = XmlSpanReader.Read(file.Text, projectFile);
        if (root.Name != "Project")
            throw new EnvException(EnvCode.ENV0720, $"{projectFile}: the root element is <{root.Name}>, not <Project>. Nothing was changed.", projectFile);
        return new EnvProjectEditor(file, file.Text, root);
    }

    /// <summary>Every <c>Tool</c> item written in env.proj itself with a plain name (not those of its imports).</summary>
    public IReadOnlyList<DeclaredTool> Tools =>
        AllToolElements()
            .Where(t => t.Attribute("Include") is { } include && PlainName(include.Value))
            .Select(t => new DeclaredTool(
                t.Attribute("Include")!.Value.Trim(),
                t.Attributes.Where(a => !a.Name.Equals("Include", StringComparison.OrdinalIgnoreCase))
                    .ToDictionary(a => a.Name, a => MetadataText.Unescape(a.Value), StringComparer.OrdinalIgnoreCase),
                t.Line,
                Unsafe(t) is null))
            .ToList();

    /// <summary>
    /// Adds <paramref name="item"/>, or when env.proj has the tool already (same kind, same package), replaces its
    /// version (for an archive, the item of the same Rid: its Url, Hash and Executable too; a new Rid is added beside the
    /// others). Bin is replaced only when <paramref name="item"/> gives one.
    /// </summary>
    public ProjectEdit Add(ToolItem item)
    {
        Validate(item);
        var matches = Concerning(item.Name, "add");
        if (matches.Count == 0) return Insert(item, anchor: null);

        var kind = KindOf(item.IsArchive);
        var other = matches.FirstOrDefault(m => (m.Attribute("Url") is not null) != item.IsArchive
            || (!item.IsArchive && !PackageOf(m).Equals(item.PackageId, StringComparison.OrdinalIgnoreCase)));
        if (other is not null)
        {
            var theirs = other.Attribute("Url") is not null ? "an archive (Url)" : $"package {PrintableText.Of(PackageOf(other))}";
            throw new EnvException(EnvCode.ENV0722,
                $"{ProjectPath}:{other.Line}: tool '{item.Name}' is already declared as {theirs}; it cannot also be {kind}. Nothing was changed. " +
                $"Run 'dotnet env remove {item.Name}' first, or give the new one another name (--name).",
                ProjectPath);
        }

        // A package added without a Rid moves every platform's item to the version; otherwise the item of that Rid.
        var targets = item.IsArchive || item.Rid is not null ? matches.Where(m => SameRid(m, item.Rid)).ToList() : matches;
        if (targets.Count == 0) return Insert(item, anchor: matches[^1]);
        if (item.Bin is not null && targets.Count > 1)
        {
            throw new EnvException(EnvCode.ENV0728,
                $"{ProjectPath}: tool '{item.Name}' has {targets.Count} items (lines {string.Join(", ", targets.Select(t => t.Line))}), one Bin each; --bin would have to replace them all. Nothing was changed. Add with --rid to change one, or edit Bin by hand.",
                ProjectPath);
        }

        var edits = new List<(int Start, int End, string Text)>();
        foreach (var target in targets)
        {
            SetAttribute(edits, target, "Version", item.Version);
            if (item.IsArchive)
            {
                SetAttribute(edits, target, "Url", item.Url!);
                SetAttribute(edits, target, "Hash", item.Hash);
                SetAttribute(edits, target, "Executable", item.Executable ? "true" : null);
            }
            if (item.Bin is not null) SetAttribute(edits, target, "Bin", item.Bin);
            // Asked for, it is written; not asked for, an Optional the item has stays (the user's).
            if (item.Optional) SetAttribute(edits, target, "Optional", "true");
        }
        var previous = targets.Select(t => MetadataText.Unescape(t.Attribute("Version")?.Value ?? "")).Distinct().ToList();
        var text = Apply(edits);
        return new ProjectEdit(text == Text ? ProjectEditKind.Unchanged : ProjectEditKind.Replaced, item.Name, previous, targets.Count, text, File);
    }

    /// <summary>
    /// <see cref="Add"/> of several items (one tool on several platforms) as one edit: each added to what the ones before
    /// made, so each goes beside the last; written (and put back) whole. <see cref="ProjectEdit.Steps"/> says what
    /// happened to each.
    /// </summary>
    public ProjectEdit AddAll(IReadOnlyList<ToolItem> items)
    {
        var steps = new List<ProjectEdit>();
        var editor = this;
        foreach (var item in items)
        {
            var step = editor.Add(item);
            steps.Add(step);
            editor = new EnvProjectEditor(File, step.NewText, XmlSpanReader.Read(step.NewText, ProjectPath));
        }
        var kind = steps.Any(s => s.Kind == ProjectEditKind.Added) ? ProjectEditKind.Added
            : steps.Any(s => s.Kind == ProjectEditKind.Replaced) ? ProjectEditKind.Replaced
            : ProjectEditKind.Unchanged;
        var text = steps.Count == 0 ? Text : steps[^1].NewText;
        return new ProjectEdit(kind, items.Count == 0 ? "" : items[0].Name, steps.SelectMany(s => s.PreviousVersions).Distinct().ToList(), steps.Sum(s => s.Items), text, File)
        {
            Steps = steps,
        };
    }

    /// <summary>
    /// <c>dotnet env update</c>'s edit, all in one text: for each change, every package item of that tool whose Version is
    /// written as <see cref="VersionChange.From"/> gets <see cref="VersionChange.To"/> (each platform's item of it, in its
    /// quotes); nothing else changes. An item the editor may not change is refused (ENV0721) before anything is written.
    /// </summary>
    public ProjectEdit SetVersions(IReadOnlyList<VersionChange> changes)
    {
        var edits = new List<(int Start, int End, string Text)>();
        var items = 0;
        foreach (var change in changes)
        {
            var targets = Concerning(change.Tool, "update")
                .Where(t => t.Attribute("Url") is null && t.Attribute("Version") is { } v && MetadataText.Unescape(v.Value).Trim() == change.From)
                .ToList();
            foreach (var target in targets) SetAttribute(edits, target, "Version", change.To);
            items += targets.Count;
        }
        var text = Apply(edits);
        return new ProjectEdit(text == Text ? ProjectEditKind.Unchanged : ProjectEditKind.Replaced,
            string.Join(", ", changes.Select(c => c.Tool)), changes.Select(c => c.From).Distinct().ToList(), items, text, File);
    }

    /// <summary>
    /// The package tool <c>dotnet env add X</c> means when env.proj has it already: the one named X, else the one whose
    /// package is X (<c>&lt;Tool Include="hello" Package="Hello.Tool" /&gt;</c> for <c>add Hello.Tool@1.2.0</c>), so
    /// moving a tool to another version never adds a second item for one package. Null when there is none.
    /// </summary>
    public DeclaredTool? FindPackageTool(string nameOrPackage)
    {
        var packages = Tools.Where(t => t.Editable && !t.IsArchive).ToList();
        return packages.FirstOrDefault(t => t.Name.Equals(nameOrPackage, StringComparison.OrdinalIgnoreCase))
            ?? packages.FirstOrDefault(t => t.PackageId.Equals(nameOrPackage, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Refuses (ENV0721) now, before anything is downloaded, when <paramref name="name"/> is declared where the editor
    /// may not change it; <see cref="Add"/> checks the same again.
    /// </summary>
    public void CheckEditable(string name) => Concerning(name, "add");

    /// <summary>Removes every Tool item named <paramref name="name"/> (all its Rid variants), and an ItemGroup this leaves empty.</summary>
    public ProjectEdit Remove(string name)
    {
        var matches = Concerning(name, "remove");
        if (matches.Count == 0)
        {
            var declared = Tools.Select(t => t.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            throw new EnvException(EnvCode.ENV0723,
                $"{ProjectPath} declares no tool '{PrintableText.Of(name)}'. " +
                (declared.Count == 0 ? "It declares no Tool item at all." : $"Its tools: {PrintableText.Of(string.Join(", ", declared))}.") + " Nothing was changed.",
                ProjectPath);
        }

        var edits = new List<(int Start, int End, string Text)>();
        foreach (var group in matches.GroupBy(m => m.Parent!))
        {
            // An ItemGroup we empty goes too, unless it holds a comment (the user's) or other items.
            if (group.Count() == group.Key.Children.Count && !group.Key.HasOtherContent)
                edits.Add((GroupSpan(group.Key).Start, GroupSpan(group.Key).End, ""));
            else
                foreach (var m in group) edits.Add((ElementSpan(m).Start, ElementSpan(m).End, ""));
        }
        var previous = matches.Select(t => MetadataText.Unescape(t.Attribute("Version")?.Value ?? "")).Distinct().ToList();
        return new ProjectEdit(ProjectEditKind.Removed, matches[0].Attribute("Include")!.Value.Trim(), previous, matches.Count, Apply(edits), File);
    }

    private void Validate(ToolItem item)
    {
        foreach (var (key, value) in item.Metadata())
        {
            if (value.Any(char.IsControl) || value.Length == 0 || value.Trim() != value)
            {
                throw new EnvException(EnvCode.ENV0728,
                    $"The {key} '{PrintableText.Of(value)}' for tool '{PrintableText.Of(item.Name)}' is empty, has a control character or white space around it. Nothing was changed.",
                    ProjectPath);
            }
        }
        // The same rules a build applies to the item (name, Url, Hash, Bin, command names): an edit that the next build
        // would refuse is refused now, before env.proj is touched.
        ToolSpecParser.Parse(item.Name, item.Metadata().Skip(1).ToDictionary(m => m.Name, m => m.Value), ProjectPath);
    }

    /// <summary>
    /// The Tool items in env.proj that are or may be <paramref name="name"/>; refuses (ENV0721) when one of them, or an
    /// item of that name in an imported file, is not one the editor may change.
    /// </summary>
    private List<XmlElementSpan> Concerning(string name, string verb)
    {
        var projectFull = Path.GetFullPath(ProjectPath);
        var imported = DeclaredItems.Read(ProjectPath).FirstOrDefault(i =>
            i.ItemType.Equals(ToolType, StringComparison.OrdinalIgnoreCase) && i.File != projectFull && Names(i.Include).Contains(name, StringComparer.OrdinalIgnoreCase));
        if (imported is not null)
        {
            throw new EnvException(EnvCode.ENV0721,
                $"Tool '{PrintableText.Of(name)}' is declared in {imported.File}:{imported.Line}, a file {ProjectPath} imports; the editor changes env.proj only. Nothing was changed. Edit that file by hand.",
                imported.File);
        }

        var matches = new List<XmlElementSpan>();
        foreach (var tool in AllToolElements())
        {
            var names = new[] { "Include", "Update", "Remove" }.SelectMany(a => Names(tool.Attribute(a)?.Value)).ToList();
            var exact = names.Contains(name, StringComparer.OrdinalIgnoreCase);
            var unknown = names.Any(n => !PlainName(n));
            if (!exact && !unknown) continue;
            if (Unsafe(tool) is { } why)
            {
                throw new EnvException(EnvCode.ENV0721,
                    $"{ProjectPath}:{tool.Line}: a Tool item {why}{(exact ? "" : $", so it may be '{PrintableText.Of(name)}'")}; the editor does not {verb} tools where it cannot tell what the build would read. Nothing was changed. Edit env.proj by hand.",
                    ProjectPath);
            }
            matches.Add(tool);
        }
        return matches;
    }

    /// <summary>Why the editor may not change this Tool item, or null when it may.</summary>
    private string? Unsafe(XmlElementSpan tool)
    {
        var group = tool.Parent!;
        if (group.Name != "ItemGroup" || group.Parent != _root) return $"is inside <{group.Name}>{(group.Name == "ItemGroup" ? $" under <{group.Parent?.Name}>" : "")}";
        if (group.Attribute("Condition") is not null) return "is in an ItemGroup with a Condition";
        if (tool.Attribute("Condition") is not null) return "has a Condition";
        if (tool.Attribute("Update") is not null || tool.Attribute("Remove") is not null) return "uses Update or Remove";
        if (tool.Attribute("Include") is not { } include) return "has no Include";
        if (include.Value.IndexOfAny(['$', '@', '%']) >= 0) return $"takes its name from a property, item or escape (Include=\"{PrintableText.Of(include.Value)}\")";
        if (include.Value.IndexOfAny([';', '*', '?']) >= 0) return $"names several tools or a wildcard (Include=\"{PrintableText.Of(include.Value)}\")";
        if (tool.Children.Count > 0) return "has metadata as child elements";
        return null;
    }

    private IEnumerable<XmlElementSpan> AllToolElements()
    {
        var pending = new Stack<XmlElementSpan>([_root]);
        var found = new List<XmlElementSpan>();
        while (pending.Count > 0)
        {
            var e = pending.Pop();
            // Items are children of an ItemGroup, wherever that is (a Target, a When): all of them name tools.
            if (e.Parent?.Name == "ItemGroup" && e.Name.Equals(ToolType, StringComparison.OrdinalIgnoreCase)) found.Add(e);
            foreach (var c in e.Children) pending.Push(c);
        }
        return found.OrderBy(e => e.Start);
    }

    private static IEnumerable<string> Names(string? include) =>
        (include ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool PlainName(string include) => include.Trim().Length > 0 && include.IndexOfAny(['$', '@', '%', ';', '*', '?']) < 0;

    private static string PackageOf(XmlElementSpan tool) =>
        (tool.Attribute("Package") is { } p ? MetadataText.Unescape(p.Value) : tool.Attribute("Include")!.Value).Trim();

    private static bool SameRid(XmlElementSpan tool, string? rid) =>
        string.Equals(NullIfEmpty(tool.Attribute("Rid")?.Value), NullIfEmpty(rid), StringComparison.OrdinalIgnoreCase);

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : MetadataText.Unescape(s.Trim());

    private static string KindOf(bool archive) => archive ? "an archive (Url)" : "a package";

    /// <summary>Sets, adds (at the end of the start tag) or, for a null value, removes one attribute.</summary>
    private void SetAttribute(List<(int, int, string)> edits, XmlElementSpan element, string name, string? value)
    {
        var quote = element.Attributes.FirstOrDefault()?.Quote ?? '"';
        if (element.Attribute(name) is { } existing)
        {
            if (value is null)
            {
                var start = existing.NameStart;
                while (start > 0 && char.IsWhiteSpace(Text[start - 1])) start--;
                edits.Add((start, existing.ValueEnd + 1, ""));
            }
            else if (MetadataText.Unescape(existing.Value) != value)
            {
                edits.Add((existing.ValueStart, existing.ValueEnd, MetadataText.Escape(value, existing.Quote)));
            }
            return;
        }
        if (value is null) return;
        // Before "/>" or ">", after the last attribute: the new one is written as the file writes the others.
        var at = element.IsEmpty ? element.StartTagEnd - 2 : element.StartTagEnd - 1;
        while (at > element.Start && char.IsWhiteSpace(Text[at - 1])) at--;
        edits.Add((at, at, $" {name}={quote}{MetadataText.Escape(value, quote)}{quote}"));
    }

    private ProjectEdit Insert(ToolItem item, XmlElementSpan? anchor)
    {
        var nl = File.NewLine;
        // The ItemGroup that holds Tool items already, the last Tool in it as the anchor.
        anchor ??= _root.Children
            .Where(g => g.Name == "ItemGroup" && g.Attribute("Condition") is null)
            .SelectMany(g => g.Children.Where(c => c.Name.Equals(ToolType, StringComparison.OrdinalIgnoreCase)))
            .LastOrDefault();
        if (anchor is not null)
        {
            var indent = IndentOf(anchor) ?? (IndentOf(anchor.Parent!) ?? "") + "  ";
            var element = ElementText(item, anchor);
            var lineEnd = AfterLineBreak(anchor.End);
            var edit = IndentOf(anchor) is not null && lineEnd is { } after
                ? (after, after, indent + element + nl)
                : (anchor.End, anchor.End, nl + indent + element);
            return new ProjectEdit(ProjectEditKind.Added, item.Name, [], 1, Apply([edit]), File);
        }

        // A new ItemGroup at the end of the project, indented as the project's other children.
        var childIndent = _root.Children.Select(IndentOf).FirstOrDefault(i => i is { Length: > 0 }) ?? "  ";
        var itemIndent = _root.Children.SelectMany(c => c.Children).Select(IndentOf).FirstOrDefault(i => i is { Length: > 0 }) ?? childIndent + childIndent;
        var blankLines = _root.Children.Zip(_root.Children.Skip(1)).Any(p => Text[p.First.End..p.Second.Start].Count(c => c == '\n') >= 2);
        var group = $"{(blankLines ? nl : "")}{childIndent}<ItemGroup>{nl}{itemIndent}{ElementText(item, null)}{nl}{childIndent}</ItemGroup>{nl}";
        (int, int, string) insert;
        if (_root.EndTagStart is { } endTag)
        {
            var lineStart = LineStart(endTag);
            insert = string.IsNullOrWhiteSpace(Text[lineStart..endTag]) && lineStart > _root.StartTagEnd
                ? (lineStart, lineStart, group)
                : (endTag, endTag, nl + group);
        }
        else
        {
            // <Project Sdk="…" />: open it.
            var slash = _root.End - 2;
            while (slash > _root.Start && char.IsWhiteSpace(Text[slash - 1])) slash--;
            insert = (slash, _root.End, $">{nl}{group}</Project>");
        }
        return new ProjectEdit(ProjectEditKind.Added, item.Name, [], 1, Apply([insert]), File);
    }

    /// <summary>The new element, closed as <paramref name="like"/> is (<c> /&gt;</c> or <c>/&gt;</c>), with its quotes.</summary>
    private string ElementText(ToolItem item, XmlElementSpan? like)
    {
        var quote = like?.Attributes.FirstOrDefault()?.Quote ?? '"';
        var close = like is { IsEmpty: true } && Text[like.End - 3] != ' ' ? "/>" : " />";
        return $"<{like?.Name ?? ToolType} " + string.Join(" ", item.Metadata().Select(m => $"{m.Name}={quote}{MetadataText.Escape(m.Value, quote)}{quote}")) + close;
    }

    /// <summary>The white space before the element on its line, or null when something else comes first.</summary>
    private string? IndentOf(XmlElementSpan element)
    {
        var prefix = Text[LineStart(element.Start)..element.Start];
        return prefix.All(c => c is ' ' or '\t') ? prefix : null;
    }

    private int LineStart(int offset)
    {
        var i = offset;
        while (i > 0 && Text[i - 1] is not ('\n' or '\r')) i--;
        return i;
    }

    /// <summary>Just past the line break that ends the line, when only spaces follow <paramref name="offset"/> on it.</summary>
    private int? AfterLineBreak(int offset)
    {
        var i = offset;
        while (i < Text.Length && Text[i] is ' ' or '\t') i++;
        if (i == Text.Length) return null;
        if (Text[i] == '\r') return i + 1 < Text.Length && Text[i + 1] == '\n' ? i + 2 : i + 1;
        return Text[i] == '\n' ? i + 1 : null;
    }

    /// <summary>The characters to delete with an element: its whole lines when it has them to itself.</summary>
    private (int Start, int End) ElementSpan(XmlElementSpan element)
    {
        var lineStart = LineStart(element.Start);
        var ownsStart = string.IsNullOrWhiteSpace(Text[lineStart..element.Start]);
        if (ownsStart && AfterLineBreak(element.End) is { } after) return (lineStart, after);
        var start = element.Start;
        while (start > lineStart && Text[start - 1] is ' ' or '\t') start--;
        if (ownsStart)
        {
            // Something follows on the line: keep the indentation for it.
            var end = element.End;
            while (end < Text.Length && Text[end] is ' ' or '\t') end++;
            return (element.Start, end);
        }
        return (start, element.End);
    }

    /// <summary>An emptied ItemGroup's lines, with a blank line above it when one is left below it too.</summary>
    private (int Start, int End) GroupSpan(XmlElementSpan group)
    {
        var (start, end) = ElementSpan(group);
        if (start != LineStart(group.Start) || start == 0) return (start, end);
        var previousStart = LineStart(start - 1);
        var previousBlank = string.IsNullOrWhiteSpace(Text[previousStart..start]);
        var nextEnd = AfterLineBreak(end) ?? Text.Length;
        var nextLine = end < Text.Length ? Text[end..Math.Min(nextEnd, Text.Length)] : "";
        var nextBlankOrClose = string.IsNullOrWhiteSpace(nextLine) || nextLine.TrimStart().StartsWith("</", StringComparison.Ordinal);
        return previousBlank && nextBlankOrClose ? (previousStart, end) : (start, end);
    }

    private string Apply(IEnumerable<(int Start, int End, string Text)> edits)
    {
        var text = Text;
        foreach (var (start, end, replacement) in edits.OrderByDescending(e => e.Start))
            text = string.Concat(text.AsSpan(0, start), replacement, text.AsSpan(end));
        return text;
    }
}
