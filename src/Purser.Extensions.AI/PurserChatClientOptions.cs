namespace Purser.Extensions.AI;

/// <summary>Settings of a <see cref="PurserChatClient"/>.</summary>
public sealed class PurserChatClientOptions
{
    /// <summary>The model (a provider/model, a bare model name or an alias of <c>Purser:Models</c>) when <c>ChatOptions.ModelId</c> names none.</summary>
    public string? DefaultModel { get; set; }

    /// <summary>Where the ledger says the calls came from (default <c>sdk</c>).</summary>
    public string Origin { get; set; } = "sdk";

    /// <summary>Attribution applied to every call; a call's own <see cref="PurserCallOptions"/> add to it (tags) or override it.</summary>
    public PurserCallOptions Defaults { get; set; } = new();
}
