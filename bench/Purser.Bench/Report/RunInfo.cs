namespace Purser.Bench.Report;

/// <summary>How and where a run was made: goes at the top of the report.</summary>
internal sealed record RunInfo
{
    public required DateTimeOffset StartedAt { get; init; }

    public required string Mode { get; init; }

    public required int Rounds { get; init; }

    public required int DurationSeconds { get; init; }

    public required int WarmupSeconds { get; init; }

    public required IReadOnlyList<int> Concurrency { get; init; }

    public required int Cores { get; init; }

    public required string CpuModel { get; init; }

    public required string LoadAverageBefore { get; init; }

    public string LoadAverageAfter { get; set; } = "";

    public required string Commit { get; init; }

    public required string Runtime { get; init; }

    public required string Wrk { get; init; }

    public string? Node { get; init; }

    public string? Portkey { get; init; }

    public string? PortkeySkippedBecause { get; init; }
}
