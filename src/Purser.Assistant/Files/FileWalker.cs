namespace Purser.Assistant.Files;

/// <summary>
/// Lists a folder's files the way git sees them: honours every <c>.gitignore</c> on the way down, and — when the folder
/// is inside a git work tree — <c>.git/info/exclude</c> and the <c>.gitignore</c> files of the folders above it, never enters <c>.git</c>, <c>.hg</c>, <c>.svn</c>, <c>node_modules</c>, <c>__pycache__</c>,
/// <c>.venv</c> or <c>venv</c>, and does not follow symbolic links to folders. Files come in a stable order (ordinal by path).
/// </summary>
internal static class FileWalker
{
    private static readonly HashSet<string> AlwaysSkipped = new(StringComparer.Ordinal) { ".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv" };

    public static IEnumerable<WalkedFile> Walk(string root)
    {
        string fullRoot = Path.GetFullPath(root);
        if (!Directory.Exists(fullRoot))
        {
            throw new DirectoryNotFoundException($"No such folder: {root}");
        }

        // A folder inside a git work tree is seen as git sees it: the patterns of .git/info/exclude and of the
        // .gitignore files above the folder apply too, matched against paths from the work tree's top.
        var ignores = new List<GitIgnore>();
        string prefix = "";
        if (FindWorkTree(fullRoot) is { } top)
        {
            prefix = Path.GetRelativePath(top, fullRoot).Replace('\\', '/');
            prefix = prefix == "." ? "" : prefix;
            if (GitIgnore.Load(Path.Combine(top, ".git", "info", "exclude"), "") is { } exclude)
            {
                ignores.Add(exclude);
            }

            string folder = top;
            string relative = "";
            foreach (string part in prefix.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                if (GitIgnore.Load(Path.Combine(folder, ".gitignore"), relative) is { } above)
                {
                    ignores.Add(above);
                }

                folder = Path.Combine(folder, part);
                relative = Join(relative, part);
            }
        }

        return WalkFolder(fullRoot, "", prefix, ignores);
    }

    /// <summary>The top of the git work tree holding <paramref name="folder"/> (the nearest folder with a .git folder or file), or null.</summary>
    internal static string? FindWorkTree(string folder)
    {
        for (DirectoryInfo? current = new(folder); current is not null; current = current.Parent)
        {
            string git = Path.Combine(current.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return current.FullName;
            }
        }

        return null;
    }

    private static string Join(string left, string right) => left.Length == 0 ? right : left + "/" + right;

    /// <param name="folder">The folder to list.</param>
    /// <param name="relative">Its path from the walk's root ("" for the root): what callers see.</param>
    /// <param name="prefix">The walk root's path from the git work tree's top: what ignore patterns are matched against.</param>
    /// <param name="ignores">The ignore files in effect, outermost first.</param>
    private static IEnumerable<WalkedFile> WalkFolder(string folder, string relative, string prefix, List<GitIgnore> ignores)
    {
        int added = 0;
        if (GitIgnore.Load(Path.Combine(folder, ".gitignore"), Join(prefix, relative)) is { } local)
        {
            ignores.Add(local);
            added = 1;
        }

        FileSystemInfo[] entries;
        try
        {
            entries = new DirectoryInfo(folder).GetFileSystemInfos();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            entries = [];
        }

        Array.Sort(entries, (a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (FileSystemInfo entry in entries)
        {
            string path = Join(relative, entry.Name);
            bool isDirectory = entry is DirectoryInfo;
            if (isDirectory && (AlwaysSkipped.Contains(entry.Name) || entry.LinkTarget is not null))
            {
                continue;
            }

            if (IsIgnored(ignores, Join(prefix, path), isDirectory))
            {
                continue;
            }

            if (entry is DirectoryInfo directory)
            {
                foreach (WalkedFile file in WalkFolder(directory.FullName, path, prefix, ignores))
                {
                    yield return file;
                }
            }
            else if (entry is FileInfo file && file.LinkTarget is null)
            {
                yield return new WalkedFile(file.FullName, path, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));
            }
        }

        if (added > 0)
        {
            ignores.RemoveAt(ignores.Count - 1);
        }
    }

    private static bool IsIgnored(List<GitIgnore> ignores, string path, bool isDirectory)
    {
        bool ignored = false;
        foreach (GitIgnore ignore in ignores)
        {
            if (ignore.Match(path, isDirectory) is bool decision)
            {
                ignored = decision;
            }
        }

        return ignored;
    }
}
