using System.Text.Json.Serialization;
using Purser.Assistant.Advice;
using Purser.Assistant.Analysis;
using Purser.Assistant.Batch;
using Purser.Assistant.Debugging;
using Purser.Assistant.Generation;
using Purser.Assistant.Templates;
using Purser.Assistant.Validation;
using Purser.Assistant.Notes;
using Purser.Assistant.Repositories;
using Purser.Assistant.Review;
using Purser.Assistant.Stats;

namespace Purser.Assistant.Json;

/// <summary>JSON of the assistant's results (<c>--json</c>, the HTTP API, the analysis store): snake_case, money as exact decimals.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(FileAnalysis))]
[JsonSerializable(typeof(DebugResult))]
[JsonSerializable(typeof(BatchResult))]
[JsonSerializable(typeof(NextAdvice))]
[JsonSerializable(typeof(DatabaseStats))]
[JsonSerializable(typeof(IReadOnlyList<Note>))]
[JsonSerializable(typeof(Note))]
[JsonSerializable(typeof(IReadOnlyList<RepositoryRecord>))]
[JsonSerializable(typeof(IReadOnlyList<RepositoryFile>))]
[JsonSerializable(typeof(ReviewResult))]
[JsonSerializable(typeof(ValidationRun))]
[JsonSerializable(typeof(ValidationReport))]
[JsonSerializable(typeof(GenerationResult))]
[JsonSerializable(typeof(LearnedTemplate))]
[JsonSerializable(typeof(IReadOnlyList<LearnedTemplate>))]
[JsonSerializable(typeof(TemplateDetails))]
[JsonSerializable(typeof(IReadOnlyList<TemplateCandidate>))]
[JsonSerializable(typeof(TemplateExport))]
internal sealed partial class AssistantJsonContext : JsonSerializerContext;
