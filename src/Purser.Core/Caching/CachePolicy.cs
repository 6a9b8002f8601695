using Purser.Chat;
using Purser.Pipeline;

namespace Purser.Caching;

/// <summary>
/// The cache's rules, resolved from <see cref="CacheOptions"/>: which calls are cacheable, their partition and
/// their TTL. A call is not cacheable (bypass, with the reason in x-purser-cache-reason) when the cache is off,
/// the caller said <c>x-purser-cache: off</c>, its operation's TTL is 0, it samples (temperature &gt; 0) without
/// an opt-in, or it carries fields Purser does not model (their answers may hold parts the cache cannot replay).
/// </summary>
internal sealed class CachePolicy
{
    private readonly Dictionary<string, TimeSpan> _operationTtls;

    public CachePolicy(CacheOptions options)
    {
        Options = options;
        Enabled = options.Enabled;
        MaxTtl = Parse(options.MaxTtl, "MaxTtl");
        DefaultTtl = Parse(options.DefaultTtl, "DefaultTtl");
        _operationTtls = new(StringComparer.OrdinalIgnoreCase);
        foreach (var (operation, ttl) in options.OperationTtls)
        {
            _operationTtls[operation] = Parse(ttl, "OperationTtls:" + operation);
        }

        Partition = Enum.Parse<CachePartitionMode>(options.Partition, ignoreCase: true);
    }

    public CacheOptions Options { get; }

    public bool Enabled { get; }

    public TimeSpan MaxTtl { get; }

    public TimeSpan DefaultTtl { get; }

    public CachePartitionMode Partition { get; }

    public TimeSpan CoalesceWait => TimeSpan.FromSeconds(Options.CoalesceWaitSeconds);

    /// <summary>The TTL for an operation: its own, else the default; capped at <see cref="MaxTtl"/>.</summary>
    public TimeSpan TtlFor(string operation, TimeSpan? requested = null)
    {
        TimeSpan ttl = requested ?? (_operationTtls.TryGetValue(operation, out TimeSpan own) ? own : DefaultTtl);
        return ttl > MaxTtl ? MaxTtl : ttl;
    }

    /// <summary>The partition a call's entries live in.</summary>
    public string PartitionOf(Attribution who) => Partition switch
    {
        CachePartitionMode.Key => "key:" + (who.KeyId ?? "-"),
        CachePartitionMode.Project => "project:" + (who.Project ?? "-"),
        _ => "global",
    };

    /// <summary>Why a call may not use the cache at all, or null when it may.</summary>
    public string? BypassReason(PurserContext context)
    {
        CacheDirectives asked = context.CacheDirectives;
        if (!Enabled)
        {
            return "disabled";
        }

        if (asked.Off)
        {
            return "off";
        }

        if (context.Route is not { Deployments.Count: > 0 })
        {
            return "no-route";
        }

        if (TtlFor(context.Attribution.Operation, asked.Ttl) <= TimeSpan.Zero)
        {
            return "ttl-zero";
        }

        ChatRequest request = context.Request;
        if (request.Temperature is > 0 && !asked.AllowNonDeterministic && !Options.CacheNonDeterministic)
        {
            return "non-deterministic";
        }

        if (request.Extensions.Count > 0)
        {
            return "unmodeled-fields";
        }

        return null;
    }

    private static TimeSpan Parse(string value, string key) =>
        CacheDuration.TryParse(value, out TimeSpan ttl) ? ttl : throw new ArgumentException($"Purser:Cache:{key} '{value}' is not a duration.", nameof(value));
}
