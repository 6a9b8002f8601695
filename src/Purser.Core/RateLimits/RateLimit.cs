namespace Purser.RateLimits;

/// <summary>
/// The limits of one scope (a key, a user, a project, an agent, a tag, everything): requests and tokens per minute and
/// per day. Null = no limit of that kind.
/// </summary>
public sealed class RateLimit
{
    /// <summary>Requests per minute.</summary>
    public long? Rpm { get; set; }

    /// <summary>Tokens (prompt + output) per minute.</summary>
    public long? Tpm { get; set; }

    /// <summary>Requests per day (24 hours, refilled continuously).</summary>
    public long? Rpd { get; set; }

    /// <summary>Tokens per day (24 hours, refilled continuously).</summary>
    public long? Tpd { get; set; }

    /// <summary>Whether any limit is set.</summary>
    public bool IsSet => Rpm is not null || Tpm is not null || Rpd is not null || Tpd is not null;

    /// <summary>Whether a token limit is set (the call's worst case must then be estimated).</summary>
    public bool LimitsTokens => Tpm is not null || Tpd is not null;

    /// <summary>"60 rpm, 100000 tpm" — the limits that are set; "none" when none is.</summary>
    public override string ToString()
    {
        var parts = new List<string>(4);
        Add(parts, Rpm, "rpm");
        Add(parts, Tpm, "tpm");
        Add(parts, Rpd, "rpd");
        Add(parts, Tpd, "tpd");
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }

    /// <summary>The errors of a limit: each set value must be at least 1. <paramref name="key"/> names it.</summary>
    public void Validate(string key, List<string> errors)
    {
        foreach (var (name, value) in (ReadOnlySpan<(string, long?)>)[("Rpm", Rpm), ("Tpm", Tpm), ("Rpd", Rpd), ("Tpd", Tpd)])
        {
            if (value is < 1)
            {
                errors.Add($"{key}:{name} must be at least 1 (leave it out for no limit).");
            }
        }
    }

    private static void Add(List<string> parts, long? value, string unit)
    {
        if (value is long v)
        {
            parts.Add(v.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + unit);
        }
    }
}
