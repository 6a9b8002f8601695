namespace Purser.Prompts;

/// <summary>Options of the prompt library, bound from <c>Purser:Prompts</c>.</summary>
public sealed class PromptLibraryOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Purser:Prompts";

    /// <summary>
    /// Path of the user prompt file that overrides and extends the shipped prompts. The host sets the default,
    /// <c>&lt;PURSER_HOME&gt;/prompts.json</c>; null or empty means shipped prompts only. The file need not exist.
    /// </summary>
    public string? File { get; set; }

    /// <summary>Reload the user file when it changes (a file watcher, plus a check on access). Default true.</summary>
    public bool Watch { get; set; } = true;

    /// <summary>How long to wait after the last change event before reloading, so that one save is one reload. Default 250 ms.</summary>
    public TimeSpan ReloadDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// At most how often an access to the library checks the file's write time and size, for file systems whose change
    /// events get lost (network shares, some containers). Zero turns the check off. Default 2 s.
    /// </summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// With <see cref="Watch"/> on, how often a background poll compares the user file's write time and size with the
    /// loaded version (and reloads after <see cref="ReloadDelay"/> when they differ). Zero turns the poll off.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Problems with these options, each naming its configuration key; empty when valid.</summary>
    internal IEnumerable<string> Validate()
    {
        if (ReloadDelay < TimeSpan.Zero)
        {
            yield return $"{SectionName}:{nameof(ReloadDelay)} must not be negative (got {ReloadDelay}).";
        }

        if (PollInterval < TimeSpan.Zero)
        {
            yield return $"{SectionName}:{nameof(PollInterval)} must not be negative (got {PollInterval}).";
        }

        if (CheckInterval < TimeSpan.Zero)
        {
            yield return $"{SectionName}:{nameof(CheckInterval)} must not be negative (got {CheckInterval}).";
        }

        if (File is { Length: > 0 } file && file.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            yield return $"{SectionName}:{nameof(File)} is not a valid path (got '{file}').";
        }
    }
}
