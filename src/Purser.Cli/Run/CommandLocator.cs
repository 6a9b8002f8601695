namespace Purser.Cli.Run;

/// <summary>Finds an agent's executable as a shell would: a path as given, or the first match on PATH.</summary>
internal static class CommandLocator
{
    /// <summary>The full path of <paramref name="command"/>, or null when there is no such program.</summary>
    public static string? Find(string command, string workingDirectory, string? path, string? pathExtensions = null)
    {
        if (command.Length == 0)
        {
            return null;
        }

        if (command.Contains('/', StringComparison.Ordinal) || (OperatingSystem.IsWindows() && command.Contains('\\', StringComparison.Ordinal)))
        {
            string full = Path.GetFullPath(command, workingDirectory);
            return Candidates(full, pathExtensions).FirstOrDefault(File.Exists);
        }

        foreach (string folder in (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string full;
            try
            {
                full = Path.GetFullPath(Path.Combine(folder, command), workingDirectory);
            }
            catch (ArgumentException)
            {
                continue;
            }

            if (Candidates(full, pathExtensions).FirstOrDefault(c => File.Exists(c) && IsExecutable(c)) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>Whether the file may be run (on Unix: an execute bit is set).</summary>
    public static bool IsExecutable(string file) =>
        OperatingSystem.IsWindows()
        || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private static IEnumerable<string> Candidates(string full, string? pathExtensions)
    {
        yield return full;
        if (OperatingSystem.IsWindows() && !Path.HasExtension(full))
        {
            foreach (string extension in (pathExtensions ?? ".COM;.EXE;.BAT;.CMD").Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                yield return full + extension;
            }
        }
    }
}
