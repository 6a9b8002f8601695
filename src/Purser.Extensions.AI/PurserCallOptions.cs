namespace Purser.Extensions.AI;

/// <summary>
/// Who a call is charged to and how it may use the cache, carried in <see cref="Microsoft.Extensions.AI.ChatOptions.AdditionalProperties"/>
/// (see <see cref="PurserChatOptionsExtensions.WithPurser"/>). The same attribution the gateway reads from
/// <c>x-purser-*</c> headers; a virtual key's own project and limits win over what is claimed here, as they do there.
/// </summary>
public sealed class PurserCallOptions
{
    /// <summary>The end user (ledger column <c>user</c>).</summary>
    public string? User { get; set; }

    public string? Project { get; set; }

    public string? Agent { get; set; }

    /// <summary>What the call is for (default <c>chat</c>).</summary>
    public string? Operation { get; set; }

    public IList<string> Tags { get; set; } = [];

    /// <summary>A Purser virtual key (<c>pk-purser-…</c>): the call is charged to it and held to its budgets, models and limits.</summary>
    public string? Key { get; set; }

    /// <summary>How the call may use the response cache (default: read and write, as configured).</summary>
    public PurserCacheMode Cache { get; set; } = PurserCacheMode.Default;
}
