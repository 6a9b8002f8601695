namespace Purser.Assistant.Files;

/// <summary>
/// Lists a folder's files the way git sees them: honours every <c>.gitignore</c> on the way down (and
/// <c>.git/info/exclude</c>), never enters <c>.git</c>, <c>.hg</c>, <c>.svn</c>, <c>node_modules</c>, <c>__pycache__</c>,
/// <c>.venv</c> or <c>venv</c>, and does not follow symbolic links to folders. Files come in a stable order (ordinal by path).
/// </summary>
public static class FileWalker
{
    private static readonly HashSet<string> AlwaysSkipped = new(StringComparer.Ordinal) { ".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv" };

    public static IEnumerable<WalkedFile> Walk(string root)
    {
        string fullRoot = Path.GetFullPath(root);
        if (!Directory.Exists(fullRoot))
        {
            throw new DirectoryNotFoundException($"No such folder: {root}");
        }

        var ignores = new List<GitIgnore>();
        if (GitIgnore.Load(Path.Combine(fullRoot, ".git", "info", "exclude"), "") is { } exclude)
        {
            ignores.Add(exclude);
        }

        return WalkFolder(fullRoot, fullRoot, "", ignores);
    }

    private static IEnumerable<WalkedFile> WalkFolder(string root, string folder, string relative, List<GitIgnore> ignores)
    {
        int added = 0;
        if (GitIgnore.Load(Path.Combine(folder, ".gitignore"), relative) is { } local)
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
            string path = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
            bool isDirectory = entry is DirectoryInfo;
            if (isDirectory && (AlwaysSkipped.Contains(entry.Name) || entry.LinkTarget is not null))
            {
                continue;
            }

            if (IsIgnored(ignores, path, isDirectory))
            {
                continue;
            }

            if (entry is DirectoryInfo directory)
            {
                foreach (WalkedFile file in WalkFolder(root, directory.FullName, path, ignores))
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
