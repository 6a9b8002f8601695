using System.Text.Json;
using Microsoft.Data.Sqlite;
using Purser.Assistant.Json;
using Purser.Pricing;
using Purser.Storage;
using Purser.Storage.Sqlite;

namespace Purser.Assistant.Analysis;

/// <summary>The analysis store in the embedded SQLite database (table <c>analyses</c>).</summary>
internal sealed class SqliteAnalysisStore(SqliteDatabase database) : IAnalysisStore
{
    public Task<FileAnalysis?> FindAsync(string promptName, string promptVersion, string model, string contentHash, CancellationToken cancellationToken)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT result_json FROM analyses
            WHERE content_hash = $hash AND prompt_name = $prompt AND prompt_version = $version AND model = $model
            ORDER BY id DESC LIMIT 1;
            """;
        command.Parameters.AddWithValue("$hash", contentHash);
        command.Parameters.AddWithValue("$prompt", promptName);
        command.Parameters.AddWithValue("$version", promptVersion);
        command.Parameters.AddWithValue("$model", model);
        return Task.FromResult(command.ExecuteScalar() is string json ? Deserialize(json) : null);
    }

    public Task SaveAsync(string promptName, FileAnalysis analysis, string fullPath, string? repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        using SqliteConnection connection = database.Open();
        if (analysis.FromStore && IsLatest(connection, analysis, fullPath))
        {
            return Task.CompletedTask; // reused, and already what this file's latest analysis says
        }

        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO analyses (created_ms, full_path, repository, path, language, content_hash, prompt_name, prompt_version, model, served_by,
                overall, security, quality, complexity, maintainability, errors, warnings, notes, cost_pico, reused, result_json)
            VALUES ($ts, $full, $repo, $path, $lang, $hash, $prompt, $version, $model, $served,
                $overall, $security, $quality, $complexity, $maintainability, $errors, $warnings, $notes, $cost, $reused, $json);
            """;
        AnalysisScores s = analysis.Scores;
        command.Parameters.AddWithValue("$ts", analysis.AnalyzedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$full", fullPath);
        command.Parameters.AddWithValue("$repo", (object?)repository ?? DBNull.Value);
        command.Parameters.AddWithValue("$path", analysis.Path);
        command.Parameters.AddWithValue("$lang", analysis.Language);
        command.Parameters.AddWithValue("$hash", analysis.ContentHash);
        command.Parameters.AddWithValue("$prompt", promptName);
        command.Parameters.AddWithValue("$version", analysis.PromptVersion);
        command.Parameters.AddWithValue("$model", analysis.Model);
        command.Parameters.AddWithValue("$served", (object?)analysis.ServedBy ?? DBNull.Value);
        command.Parameters.AddWithValue("$overall", (object?)s.Overall ?? DBNull.Value);
        command.Parameters.AddWithValue("$security", (object?)s.Security ?? DBNull.Value);
        command.Parameters.AddWithValue("$quality", (object?)s.Quality ?? DBNull.Value);
        command.Parameters.AddWithValue("$complexity", (object?)s.Complexity ?? DBNull.Value);
        command.Parameters.AddWithValue("$maintainability", (object?)s.Maintainability ?? DBNull.Value);
        command.Parameters.AddWithValue("$errors", analysis.CountBySeverity("error"));
        command.Parameters.AddWithValue("$warnings", analysis.CountBySeverity("warning"));
        command.Parameters.AddWithValue("$notes", analysis.CountBySeverity("note"));
        command.Parameters.AddWithValue("$cost", (object?)Money.ToPico(analysis.CostUsd) ?? DBNull.Value);
        command.Parameters.AddWithValue("$reused", analysis.FromStore ? 1 : 0);
        command.Parameters.AddWithValue("$json", JsonSerializer.Serialize(analysis with { FromStore = false }, AssistantJsonContext.Default.FileAnalysis));
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StoredAnalysis>> LowestScoringAsync(int limit, string? repository, CancellationToken cancellationToken)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT a.result_json, a.full_path, a.repository FROM analyses a
            JOIN (SELECT full_path, MAX(id) AS id FROM analyses GROUP BY full_path) latest ON latest.id = a.id
            WHERE a.overall IS NOT NULL AND ($repo IS NULL OR a.repository = $repo)
            ORDER BY a.overall ASC, a.errors DESC, a.id DESC
            LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$repo", (object?)repository ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        var result = new List<StoredAnalysis>();
        using SqliteDataReader reader = command.ExecuteReader();
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
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT SUM(reused = 0), COUNT(DISTINCT full_path), COALESCE(SUM(cost_pico), 0),
                (SELECT AVG(a.overall) FROM analyses a JOIN (SELECT full_path, MAX(id) AS id FROM analyses GROUP BY full_path) l ON l.id = a.id)
            FROM analyses;
            """;
        using SqliteDataReader reader = command.ExecuteReader();
        reader.Read();
        return Task.FromResult(new AnalysisStoreStats
        {
            Analyses = reader.IsDBNull(0) ? 0 : reader.GetInt64(0),
            Files = reader.GetInt64(1),
            CostUsd = Money.FromPico(reader.GetInt64(2)),
            AverageOverall = reader.IsDBNull(3) ? null : reader.GetDouble(3),
        });
    }

    private static bool IsLatest(SqliteConnection connection, FileAnalysis analysis, string fullPath)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT content_hash = $hash AND prompt_version = $version AND model = $model FROM analyses WHERE full_path = $full ORDER BY id DESC LIMIT 1;";
        command.Parameters.AddWithValue("$hash", analysis.ContentHash);
        command.Parameters.AddWithValue("$version", analysis.PromptVersion);
        command.Parameters.AddWithValue("$model", analysis.Model);
        command.Parameters.AddWithValue("$full", fullPath);
        return command.ExecuteScalar() is long same && same == 1;
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
