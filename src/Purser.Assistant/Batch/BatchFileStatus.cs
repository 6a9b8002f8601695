using System.Text.Json.Serialization;

namespace Purser.Assistant.Batch;

/// <summary>What happened to one file of a repository analysis.</summary>
internal enum BatchFileStatus
{
    /// <summary>Scored by the model now.</summary>
    [JsonStringEnumMemberName("analyzed")]
    Analyzed,

    /// <summary>Unchanged: answered from the analysis store at $0.</summary>
    [JsonStringEnumMemberName("reused")]
    Reused,

    /// <summary>The model's answer was incomplete: partial scores.</summary>
    [JsonStringEnumMemberName("partial")]
    Partial,

    /// <summary>The call failed.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>Not sent: binary, too large, empty, not source code, language not allowed.</summary>
    [JsonStringEnumMemberName("skipped")]
    Skipped,

    /// <summary>Not reached: --max-cost, the file limit, or the run stopped.</summary>
    [JsonStringEnumMemberName("not_analyzed")]
    NotAnalyzed,
}
