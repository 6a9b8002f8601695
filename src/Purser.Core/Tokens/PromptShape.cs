namespace Purser.Tokens;

/// <summary>
/// What kinds of content a prompt carries beyond text. Reservations learn what each deployment bills beyond Purser's
/// count separately for each shape, so one document call does not raise the reservation of every plain-text call.
/// </summary>
[Flags]
public enum PromptShape
{
    /// <summary>Text only (tool definitions, calls and results included).</summary>
    Text = 0,

    /// <summary>Images.</summary>
    Images = 1,

    /// <summary>Documents given inline (PDF, plain text).</summary>
    Documents = 2,

    /// <summary>Audio given inline.</summary>
    Audio = 4,

    /// <summary>Video given inline.</summary>
    Video = 8,

    /// <summary>Content given by reference (a file id, a URL of a document) whose size Purser cannot see.</summary>
    References = 16,

    /// <summary>Other content a provider accepts that Purser passes through (search results, server-tool blocks…).</summary>
    Other = 32,
}
