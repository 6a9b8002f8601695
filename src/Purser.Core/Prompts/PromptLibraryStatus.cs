namespace Purser.Prompts;

/// <summary>Where the prompt library's effective prompts came from, and the last problem with the user file.</summary>
/// <param name="UserFile">The user file's path; null when none is configured.</param>
/// <param name="UserFileInEffect">The effective prompts include the user file's overrides.</param>
/// <param name="LoadedAt">When the effective prompts were loaded.</param>
/// <param name="LastError">Why the user file was last rejected; null when its latest version is in effect.</param>
/// <param name="LastErrorAt">When <paramref name="LastError"/> happened.</param>
internal sealed record PromptLibraryStatus(
    string? UserFile,
    bool UserFileInEffect,
    DateTimeOffset LoadedAt,
    string? LastError,
    DateTimeOffset? LastErrorAt);
