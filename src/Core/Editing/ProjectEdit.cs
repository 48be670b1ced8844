namespace Env.Core.Editing;

/// <summary>What an edit of env.proj does.</summary>
public enum ProjectEditKind
{
    /// <summary>A new Tool item was written.</summary>
    Added,

    /// <summary>The tool was there: its version (and Url, Hash, Bin as given) was replaced.</summary>
    Replaced,

    /// <summary>The tool was there exactly as asked; nothing to write.</summary>
    Unchanged,

    /// <summary>Every Tool item of that name was removed.</summary>
    Removed,
}

/// <summary>
/// An edit of env.proj, checked and computed but not yet written: <see cref="Save"/> writes it (nothing is written
/// before every check passed).
/// </summary>
/// <param name="PreviousVersions">The versions the replaced or removed items had, as written.</param>
/// <param name="Items">How many Tool items were added, changed or removed.</param>
public sealed record ProjectEdit(ProjectEditKind Kind, string Tool, IReadOnlyList<string> PreviousVersions, int Items, string NewText, ProjectFileText File)
{
    /// <summary>For an edit of several items (<see cref="EnvProjectEditor.AddAll"/>): each item's own edit, in order.</summary>
    public IReadOnlyList<ProjectEdit> Steps { get; init; } = [];

    public string ProjectFile => File.Path;

    /// <summary>Writes the new text (temp file and rename, same encoding); does nothing for <see cref="ProjectEditKind.Unchanged"/>.</summary>
    public void Save()
    {
        if (Kind != ProjectEditKind.Unchanged) File.Write(NewText);
    }

    /// <summary>
    /// Puts back the text the edit started from, when the file still holds exactly what <see cref="Save"/> wrote
    /// (<c>dotnet env add</c> whose build failed). False when someone changed it since: their change is kept.
    /// </summary>
    public bool Undo()
    {
        if (Kind == ProjectEditKind.Unchanged) return true;
        var now = ProjectFileText.Read(File.Path);
        if (now.Text != NewText) return false;
        now.Write(File.Text);
        return true;
    }
}
