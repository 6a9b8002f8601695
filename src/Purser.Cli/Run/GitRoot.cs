namespace Purser.Cli.Run;

/// <summary>The repository a session is charged to: the nearest folder up from the working folder that holds .git.</summary>
internal static class GitRoot
{
    /// <summary>The git root of <paramref name="folder"/> (a .git folder, or a .git file of a worktree or submodule); null outside one.</summary>
    public static string? Find(string folder)
    {
        for (DirectoryInfo? dir = new(Path.GetFullPath(folder)); dir is not null; dir = dir.Parent)
        {
            string git = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
