namespace Purser.Pipeline;

/// <summary>Who a call is charged to: from the virtual key, x-purser-* headers and the request's user/metadata.</summary>
internal sealed class Attribution
{
    public string? KeyId { get; set; }

    public string? KeyName { get; set; }

    public string? User { get; set; }

    public string? Project { get; set; }

    /// <summary>
    /// Whether <see cref="Project"/> was set by something the operator controls (the caller's virtual key), rather than
    /// claimed by the caller (x-purser-project). Only a bound project's settings may be more lenient than the global ones.
    /// </summary>
    public bool ProjectBound { get; set; }

    public string? Agent { get; set; }

    /// <summary>What the call is for, e.g. chat, code_review, file_scoring. Default "chat".</summary>
    public string Operation { get; set; } = "chat";

    public string? Repository { get; set; }

    public List<string> Tags { get; set; } = [];

    /// <summary>Caller metadata (OpenAI <c>metadata</c>, x-purser-* extras).</summary>
    public Dictionary<string, string>? Metadata { get; set; }
}
