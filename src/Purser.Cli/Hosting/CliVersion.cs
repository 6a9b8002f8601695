using System.Reflection;

namespace Purser.Cli.Hosting;

/// <summary>
/// The version <c>purser --version</c> prints: the package version and the commit it was built from. The SDK stamps
/// the commit (SourceLink's SourceRevisionId) into the informational version as <c>1.2.3+&lt;sha&gt;</c>.
/// </summary>
internal static class CliVersion
{
    public static string Text => Describe(typeof(CliVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0");

    /// <summary>"purser 1.2.3 (commit 0123abc)", or "(commit unknown)" when it was built outside a git checkout.</summary>
    public static string Describe(string informationalVersion)
    {
        ArgumentNullException.ThrowIfNull(informationalVersion);
        int plus = informationalVersion.IndexOf('+', StringComparison.Ordinal);
        string version = plus < 0 ? informationalVersion : informationalVersion[..plus];
        string commit = plus < 0 ? "" : informationalVersion[(plus + 1)..];
        return $"purser {version} (commit {(commit.Length == 0 ? "unknown" : commit[..Math.Min(12, commit.Length)])})";
    }
}
