namespace Purser.Configuration;

/// <summary>
/// One target's settings in an alias: <c>Purser:Models:&lt;alias&gt;:PerTarget:&lt;provider/model&gt;</c>. Rpm and Tpm are
/// the provider account's own quota for that deployment, so Purser stays under it instead of collecting 429s.
/// </summary>
public sealed class AliasTargetOptions
{
    /// <summary>Share of the calls under the <c>weighted</c> strategy (default 1).</summary>
    public int Weight { get; set; } = 1;

    /// <summary>Requests per minute the deployment takes; a call finding it full goes to the next target.</summary>
    public long? Rpm { get; set; }

    /// <summary>Tokens per minute (worst case taken before the call, corrected after).</summary>
    public long? Tpm { get; set; }
}
