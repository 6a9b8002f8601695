using Purser.Assistant.Files;

namespace Purser.Cli.Hosting;

/// <summary>Paths and input as the commands show and read them.</summary>
internal static class CliPaths
{
    /// <summary>A path relative to the working folder ('/' separators) when it is inside it; the full path otherwise.</summary>
    public static string Display(CliEnvironment environment, string fullPath)
    {
        string relative = Path.GetRelativePath(environment.WorkingDirectory, fullPath);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? fullPath : relative.Replace('\\', '/');
    }

    /// <summary>Reads a file for analysis, with a clear message when it cannot be read.</summary>
    public static SourceFile ReadSource(CliEnvironment environment, string path, long maxBytes)
    {
        string full = environment.FullPath(path);
        if (Directory.Exists(full))
        {
            throw new CliException($"{path} is a folder; give a file (for a whole repository: purser analyze repo {path}).");
        }

        if (!File.Exists(full))
        {
            throw new CliException($"No such file: {path}");
        }

        try
        {
            return SourceFileReader.Read(full, Display(environment, full), maxBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot read {path}: {ex.Message}");
        }
    }

    /// <summary>A file's text, or standard input for "-".</summary>
    public static string ReadText(CliEnvironment environment, string pathOrDash, string what)
    {
        if (pathOrDash == "-")
        {
            return environment.Input().ReadToEnd();
        }

        string full = environment.FullPath(pathOrDash);
        if (!File.Exists(full))
        {
            throw new CliException($"No such {what} file: {pathOrDash}");
        }

        try
        {
            return File.ReadAllText(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot read {pathOrDash}: {ex.Message}");
        }
    }

    /// <summary>Writes --sarif output: to standard output (true: nothing else should be printed) or to a file (false).</summary>
    public static bool WriteReport(Spectre.Console.IAnsiConsole console, CliEnvironment environment, string? file, string content)
    {
        if (file is null or "-")
        {
            console.Profile.Out.Writer.WriteLine(content);
            return true;
        }

        string full = environment.FullPath(file);
        try
        {
            File.WriteAllText(full, content + "\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot write {file}: {ex.Message}");
        }

        return false;
    }
}
