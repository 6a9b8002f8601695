namespace Purser.Bench.Load;

/// <summary>
/// One of the benchmark's extra scenarios (<see cref="Scenarios"/>): what Purser gets and how it is configured, what the
/// peers (direct, floor, Portkey) get, and which peers apply. The baseline (the fixed short request) is not one of these.
/// </summary>
/// <param name="Name">As given to <c>--scenarios</c>.</param>
/// <param name="Title">One line for the report.</param>
/// <param name="PurserPath">The path Purser is called on.</param>
/// <param name="PurserBody">The body Purser gets.</param>
/// <param name="PeerBody">The body direct, floor and Portkey get (the same request in the upstream's protocol).</param>
/// <param name="PurserHeaders">Extra headers for Purser.</param>
/// <param name="Floor">Whether the floor is measured next to Purser.</param>
/// <param name="Portkey">Whether Portkey is measured next to Purser (when it runs at all).</param>
/// <param name="PortkeyLeftOutBecause">Said in the report when <paramref name="Portkey"/> is false.</param>
/// <param name="Streaming">Whether the answer is an SSE stream: first and last byte are timed as well.</param>
/// <param name="HardBudget">Whether Purser gets a hard budget (every call reserves and reconciles).</param>
/// <param name="PurserMarker">A string Purser's answer must contain (checked once before any load).</param>
internal sealed record Scenario(
    string Name,
    string Title,
    string PurserPath,
    string PurserBody,
    string PeerBody,
    IReadOnlyDictionary<string, string> PurserHeaders,
    bool Floor,
    bool Portkey,
    string? PortkeyLeftOutBecause,
    bool Streaming,
    bool HardBudget,
    string PurserMarker);
