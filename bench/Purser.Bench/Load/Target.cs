using Purser.Bench.Hosting;

namespace Purser.Bench.Load;

/// <summary>Where the load goes: the fake upstream itself, or a proxy or gateway in front of it.</summary>
/// <param name="Name">direct, floor, purser or portkey.</param>
/// <param name="Url">The chat completions URL.</param>
/// <param name="Headers">Extra request headers (Portkey's routing headers).</param>
/// <param name="Server">The process that serves this target (the gateway; the upstream for direct).</param>
/// <param name="Body">The request body (the fixed short request unless a scenario says otherwise).</param>
/// <param name="Scenario">The scenario this target belongs to (baseline for the main run).</param>
/// <param name="Spread">
/// Further instances of the same gateway behind this target (--storage with --instances): wrk runs one thread per
/// instance, each thread's connections to its own instance, and the CPU of all of them is counted.
/// </param>
internal sealed record Target(
    string Name,
    Uri Url,
    IReadOnlyDictionary<string, string> Headers,
    ChildProcess Server,
    string Body = BenchRequest.Body,
    string Scenario = Target.Baseline,
    IReadOnlyList<Target>? Spread = null)
{
    /// <summary>The main run: the fixed short non-streaming request.</summary>
    public const string Baseline = "baseline";

    public const string Direct = "direct";

    /// <summary>A bare .NET pass-through proxy (Purser.Bench.Upstream --forward): the cost of the hop alone.</summary>
    public const string Floor = "floor";
    public const string Purser = "purser";
    public const string Portkey = "portkey";

    /// <summary>Purser through a virtual key without rate limits (--rate-limits).</summary>
    public const string PurserKey = "purser-key";

    /// <summary>The same Purser through a virtual key with rate limits that never refuse (--rate-limits): the limiter's cost.</summary>
    public const string PurserKeyLimited = "purser-key-rl";

    /// <summary>The same, with request limits only (rpm, rpd): the limiter without the token estimate a token limit needs.</summary>
    public const string PurserKeyRequestsOnly = "purser-key-rpm";

    /// <summary>A second key without limits, last of the keys (--rate-limits): what position alone does to the comparison.</summary>
    public const string PurserKeyControl = "purser-key-2";

    /// <summary>The keys of --rate-limits compared with <see cref="PurserKey"/>, and what each one's JSON adds to the key.</summary>
    public static readonly (string Name, string Limits)[] RateLimitKeys =
    [
        (PurserKeyRequestsOnly, ",\"rpm\":1000000000,\"rpd\":1000000000"),
        (PurserKeyLimited, ",\"rpm\":1000000000,\"tpm\":1000000000000,\"rpd\":1000000000"),
        (PurserKeyControl, ""),
    ];

    public bool IsGateway => Name != Direct;

    /// <summary>The --storage target of one Purser on <paramref name="storage"/> (sqlite, postgres), with or without a hard budget.</summary>
    public static string Stored(string storage, bool hardBudget) => hardBudget ? $"purser-{storage}-budget" : $"purser-{storage}";

    /// <summary>The --storage target of <paramref name="instances"/> Purser instances with a hard budget on one PostgreSQL database.</summary>
    public static string ScaledOut(int instances) => $"purser-postgres-budget-x{instances}";

    /// <summary>The instances that serve this target: its own server and those it spreads over.</summary>
    public IEnumerable<Target> Instances => [this, .. Spread ?? []];

    /// <summary>wrk threads: one per instance (wrk needs at least as many connections).</summary>
    public int Threads => 1 + (Spread?.Count ?? 0);
}
