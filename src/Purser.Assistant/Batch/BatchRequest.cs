namespace Purser.Assistant.Batch;

/// <summary>How to analyse a repository.</summary>
internal sealed record BatchRequest
{
    public string? Model { get; init; }

    /// <summary>Ask the model even for unchanged files.</summary>
    public bool Force { get; init; }

    /// <summary>Files analysed at once (default Purser:Assistant:Batch:Concurrency).</summary>
    public int? Concurrency { get; init; }

    /// <summary>Stop before the run's spend would exceed this many dollars (worst case of each call counted before it starts).</summary>
    public decimal? MaxCost { get; init; }

    /// <summary>Only these language ids; null: every source language (code and markup).</summary>
    public IReadOnlySet<string>? Languages { get; init; }

    /// <summary>Also data and prose files (JSON, YAML, Markdown …).</summary>
    public bool IncludeAllKinds { get; init; }

    /// <summary>The name the run is recorded under (ledger repository); default the folder name.</summary>
    public string? RepositoryName { get; init; }

    public string Origin { get; init; } = "cli";
}
