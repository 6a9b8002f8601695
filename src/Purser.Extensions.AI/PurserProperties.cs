namespace Purser.Extensions.AI;

/// <summary>
/// The keys Purser reads from <see cref="Microsoft.Extensions.AI.ChatOptions.AdditionalProperties"/> (plain strings, for callers
/// that set them without this package's helpers) and the key of the <see cref="PurserCallInfo"/> it adds to every answer.
/// </summary>
public static class PurserProperties
{
    /// <summary>The <see cref="PurserCallInfo"/> of the call, on a response and on the last update of a stream.</summary>
    public const string CallInfo = "purser";

    public const string User = "purser.user";
    public const string Project = "purser.project";
    public const string Agent = "purser.agent";
    public const string Operation = "purser.operation";

    /// <summary>A comma-separated string or a sequence of strings.</summary>
    public const string Tags = "purser.tags";

    /// <summary>A Purser virtual key (<c>pk-purser-…</c>).</summary>
    public const string Key = "purser.key";

    /// <summary>A <see cref="PurserCacheMode"/> or its name.</summary>
    public const string Cache = "purser.cache";
}
