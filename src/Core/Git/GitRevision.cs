namespace Env.Core.Git;

/// <summary>The commit a folder's checkout is at, and whether it has changes: what a generation records of its source.</summary>
public sealed record GitRevision(string Commit, bool Dirty)
{
    /// <returns>null when the folder is not in a git checkout, or git is not installed.</returns>
    public static GitRevision? Of(string folder)
    {
        var head = GitCommand.Run(folder, "rev-parse", "--verify", "-q", "HEAD");
        if (head is not { ExitCode: 0 } || head.Output.Length is < 40 or > 64) return null;
        var status = GitCommand.Run(folder, "status", "--porcelain", "--untracked-files=normal", "--", ".");
        return new GitRevision(head.Output, status is { ExitCode: 0, Output.Length: > 0 });
    }
}
