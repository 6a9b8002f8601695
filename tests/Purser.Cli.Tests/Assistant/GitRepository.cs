using System.Diagnostics;

namespace Purser.Cli.Tests.Assistant;

/// <summary>A git repository in a CLI runner's data folder, made with the real git.</summary>
internal static class GitRepository
{
    public static string Create(CliRunner cli)
    {
        string root = Path.Combine(cli.Home, "repo");
        Directory.CreateDirectory(root);
        Git(root, "init", "-q", "-b", "main");
        cli.WorkingDirectory = root;
        return root;
    }

    public static void Write(string root, string relative, string content)
    {
        string full = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    public static void Commit(string root, string message)
    {
        Git(root, "add", "-A");
        Git(root, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", message);
    }

    public static string Git(string root, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error}");
        }

        return output;
    }
}
