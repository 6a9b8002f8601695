namespace Purser.Cli.Run;

/// <summary>The options of one <c>purser run</c>, checked.</summary>
internal sealed record RunRequest
{
    /// <summary>The agent's command and its arguments.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    public decimal? BudgetUsd { get; init; }

    public long? BudgetTokens { get; init; }

    /// <summary>--model, or fast for --yolo.</summary>
    public string? Model { get; init; }

    public bool Yolo { get; init; }

    public bool Mcp { get; init; }

    public string? Project { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>--agent: the profile to use whatever the command's name.</summary>
    public string? Agent { get; init; }

    public AgentProtocol? Protocol { get; init; }

    public string? Server { get; init; }

    public string? Key { get; init; }

    /// <summary>--local: a gateway in process even when one is running.</summary>
    public bool Local { get; init; }

    /// <summary>--json: where to write the summary as JSON.</summary>
    public string? JsonFile { get; init; }

    public string? ConfigFile { get; init; }
}
