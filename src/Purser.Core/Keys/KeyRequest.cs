namespace Purser.Keys;

/// <summary>The body of POST /api/keys (and what <c>purser keys create</c> sends).</summary>
internal sealed class KeyRequest
{
    public string? Name { get; set; }

    public string? Project { get; set; }

    public string? Agent { get; set; }

    public string? User { get; set; }

    public string? Repository { get; set; }

    /// <summary>The model every call of the key is mapped to (an alias such as cheap, or provider/model).</summary>
    public string? Model { get; set; }

    public List<string>? Tags { get; set; }

    public List<string>? Models { get; set; }

    /// <summary>A budget for the key alone: "5" ($5 a day), "25/monthly", "100000/weekly tokens", or a plan (lite, pro, business).</summary>
    public string? Budget { get; set; }

    /// <summary>Requests per minute the key may make (none = not limited).</summary>
    public long? Rpm { get; set; }

    /// <summary>Tokens (prompt + output, worst case before the call, corrected after) per minute.</summary>
    public long? Tpm { get; set; }

    /// <summary>Requests per day.</summary>
    public long? Rpd { get; set; }

    /// <summary>Tokens per day.</summary>
    public long? Tpd { get; set; }
}
