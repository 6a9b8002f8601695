namespace Purser.Prompts;

/// <summary>
/// The model tier a prompt prefers. It is sent as the routing alias of the same name
/// (<c>cheap</c>, <c>smart</c>, <c>fast</c>), so routing and budget tiers still have the last word.
/// </summary>
internal enum PromptTier
{
    /// <summary>The cheapest model that does the job well enough (alias <c>cheap</c>).</summary>
    Cheap,

    /// <summary>The most capable configured model (alias <c>smart</c>).</summary>
    Smart,

    /// <summary>The lowest-latency model (alias <c>fast</c>).</summary>
    Fast,
}
