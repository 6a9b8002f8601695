using System.Data.Common;
using System.Text.Json;
using Purser.Assistant.Json;
using Purser.Pricing;
using Purser.Storage;
using Purser.Storage.Sql;

namespace Purser.Assistant.Analysis;

/// <summary>The analysis store (table <c>analyses</c>).</summary>
internal abstract class SqlAnalysisStore(ISqlDatabase database) : IAnalysisStore
{
    public Task<FileAnalysis?> FindAsync(string promptName, string promptVersion, string model, string contentHash, CancellationToken cancellationToken)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command("""
            SELECT result_json FROM analyses
            WHERE content_hash = @hash AND prompt_name = @prompt AND prompt_version = @version AND model = @model
            ORDER BY id DESC LIMIT 1;
            """).Text("@hash", contentHash).Text("@prompt", promptName).Text("@version", promptVersion).Text("@model", model);
        return Task.FromResult(command.ExecuteScalar() is string json ? Deserialize(json) : null);
    }

    public Task SaveAsync(string promptName, FileAnalysis analysis, string fullPath, string? repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        using DbConnection connection = database.OpenConnection();
        if (analysis.FromStore && IsLatest(connection, analysis, fullPath))
        {
            return Task.CompletedTask; // reused, and already what this file's latest analysis says
        }

        AnalysisScores s = analysis.Scores;
        using DbCommand command = connection.Command("""
            INSERT INTO analyses (created_ms, full_path, repository, path, language, content_hash, prompt_name, prompt_version, model, served_by,
                overall, security, quality, complexity, maintainability, errors, warnings, notes, cost_pico, reused, result_json)
            VALUES (@ts, @full, @repo, @path, @lang, @hash, @prompt, @version, @model, @served,
                @overall, @security, @quality, @complexity, @maintainability, @errors, @warnings, @notes, @cost, @reused, @json);
            """)
            .Long("@ts", analysis.AnalyzedAt.ToUnixTimeMilliseconds()).Text("@full", fullPath).Text("@repo", repository).Text("@path", analysis.Path)
            .Text("@lang", analysis.Language).Text("@hash", analysis.ContentHash).Text("@prompt", promptName).Text("@version", analysis.PromptVersion)
            .Text("@model", analysis.Model).Text("@served", analysis.ServedBy).Int("@overall", s.Overall).Int("@security", s.Security)
            .Int("@quality", s.Quality).Int("@complexity", s.Complexity).Int("@maintainability", s.Maintainability)
            .Int("@errors", analysis.CountBySeverity("error")).Int("@warnings", analysis.CountBySeverity("warning")).Int("@notes", analysis.CountBySeverity("note"))
            .Long("@cost", Money.ToPico(analysis.CostUsd)).Flag("@reused", analysis.FromStore)
            .Text("@json", JsonSerializer.Serialize(analysis with { FromStore = false }, AssistantJsonContext.Default.FileAnalysis));
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StoredAnalysis>> LowestScoringAsync(int limit, string? repository, CancellationToken cancellationToken)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command("""
            SELECT a.result_json, a.full_path, a.repository FROM analyses a
            JOIN (SELECT full_path, MAX(id) AS id FROM analyses GROUP BY full_path) latest ON latest.id = a.id
            WHERE a.overall IS NOT NULL AND (@repo IS NULL OR a.repository = @repo)
            ORDER BY a.overall ASC, a.errors DESC, a.id DESC
            LIMIT @limit;
            """).Text("@repo", repository).Long("@limit", limit);
        var result = new List<StoredAnalysis>();
        using DbDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (Deserialize(reader.GetString(0)) is { } analysis)
            {
                result.Add(new StoredAnalysis(analysis, reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
        }

        return Task.FromResult<IReadOnlyList<StoredAnalysis>>(result);
    }

    public Task<AnalysisStoreStats> StatsAsync(CancellationToken cancellationToken)
    {
        using DbConnection connection = database.OpenConnection();
        SqlDialect dialect = database.Dialect;
        using DbCommand command = connection.Command($"""
            SELECT {dialect.Sum("CASE WHEN reused = 0 THEN 1 ELSE 0 END")}, COUNT(DISTINCT full_path), COALESCE({dialect.Sum("cost_pico")}, 0),
                (SELECT AVG(a.overall)::float8 FROM analyses a JOIN (SELECT full_path, MAX(id) AS id FROM analyses GROUP BY full_path) l ON l.id = a.id)
            FROM analyses;
            """.Replace("::float8", dialect.IsPostgres ? "::float8" : "", StringComparison.Ordinal));
        using DbDataReader reader = command.ExecuteReader();
        reader.Read();
        return Task.FromResult(new AnalysisStoreStats
        {
            Analyses = reader.LongOrZero(0),
            Files = reader.GetInt64(1),
            CostUsd = Money.FromPico(reader.LongOrZero(2)),
            AverageOverall = reader.IsDBNull(3) ? null : reader.GetDouble(3),
        });
    }

    private static bool IsLatest(DbConnection connection, FileAnalysis analysis, string fullPath)
    {
        using DbCommand command = connection.Command("SELECT CASE WHEN content_hash = @hash AND prompt_version = @version AND model = @model THEN 1 ELSE 0 END FROM analyses WHERE full_path = @full ORDER BY id DESC LIMIT 1;")
            .Text("@hash", analysis.ContentHash).Text("@version", analysis.PromptVersion).Text("@model", analysis.Model).Text("@full", fullPath);
        return command.ExecuteScalar() is { } same and not DBNull && Convert.ToInt64(same, System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    private static FileAnalysis? Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, AssistantJsonContext.Default.FileAnalysis);
        }
        catch (JsonException)
        {
            return null; // a row written by an incompatible version: treated as absent
        }
    }
}
