namespace Env.Core.Home;

/// <summary>
/// What a home link of ours looks like. Since issue 18 each linked place leads through the fixed link
/// <see cref="HomeStateLayout.FilesLink"/> (<c>~/.bashrc</c> → <c>$EnvStateDir/home/files/.bashrc</c>), which a switch
/// points at the generation's <c>files/</c>: a file whose content changed costs nothing in the home. A link straight into a
/// generation entry's <c>files/</c> (the layout before) is ours too, so a switch migrates it and uninstall removes it.
/// </summary>
public sealed class HomeLinks
{
    private readonly string _prefix;

    public HomeLinks(HomeStateLayout state, string storeDir)
    {
        FilesLink = state.FilesLink;
        StoreDir = storeDir;
        _prefix = FilesLink + Path.DirectorySeparatorChar;
    }

    /// <summary>The fixed link in the state folder (<c>home/files</c>).</summary>
    public string FilesLink { get; }

    public string StoreDir { get; }

    /// <summary>The target of the link at <paramref name="place"/>: the same path under the fixed link, whatever the generation.</summary>
    public string For(string place) => HomePath.Under(FilesLink, place);

    /// <summary>What the fixed link points at for the generation at <paramref name="entryPath"/>.</summary>
    public static string FilesOf(string entryPath) => Path.Combine(entryPath, HomeGeneration.FilesFolder);

    /// <summary>True when a link with this target is ours: through the fixed link, or (before issue 18) straight into a generation.</summary>
    public bool IsOurs(string linkTarget) => IsThroughFilesLink(linkTarget) || IsLegacy(linkTarget);

    /// <summary>A link of the layout before issue 18, straight into a generation entry's <c>files/</c>: a switch replaces it.</summary>
    public bool IsLegacy(string linkTarget) => HomeGeneration.IsGenerationFile(linkTarget, StoreDir);

    /// <summary>A plain path under the fixed link (no <c>..</c>, nothing that leads elsewhere once read).</summary>
    public bool IsThroughFilesLink(string linkTarget) =>
        linkTarget.StartsWith(_prefix, StringComparison.Ordinal)
        && HomePath.Refusal(linkTarget[_prefix.Length..].Replace(Path.DirectorySeparatorChar, '/')) is null;
}
