using Purser.Keys;

namespace Purser.Gateway.Dashboard;

/// <summary>The new-key form's fields; turned into the same <see cref="KeyRequest"/> <c>purser keys create</c> sends.</summary>
public sealed class KeyForm
{
    public string? Name { get; set; }

    public string? Project { get; set; }

    public string? Agent { get; set; }

    public string? User { get; set; }

    /// <summary>Comma-separated.</summary>
    public string? Tags { get; set; }

    /// <summary>Comma-separated model names, aliases or provider/* patterns; empty allows every model.</summary>
    public string? Models { get; set; }

    /// <summary>"5" ($5 a day), "25/monthly", "100000tok/weekly" or a plan.</summary>
    public string? Budget { get; set; }

    internal KeyRequest ToRequest() => new()
    {
        Name = Name,
        Project = Project,
        Agent = Agent,
        User = User,
        Tags = Tags is null ? null : [Tags],
        Models = Models is null ? null : [Models],
        Budget = Budget,
    };
}
