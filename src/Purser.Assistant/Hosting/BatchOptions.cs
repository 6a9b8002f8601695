namespace Purser.Assistant.Hosting;

/// <summary><c>Purser:Assistant:Batch</c>: repository analysis.</summary>
public sealed class BatchOptions
{
    /// <summary>Files analysed at the same time. Default 4.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>Most files one run looks at (after .gitignore); the rest are listed as not analysed. Default 5,000.</summary>
    public int MaxFiles { get; set; } = 5_000;
}
