using Purser.Ledger;
using Purser.Storage.Sqlite;

namespace Purser.MicroBenchmarks.Reports;

/// <summary>
/// A large ledger for the report and dashboard benchmarks: rows spread over 90 days before <c>now</c> across 12 models,
/// 8 projects, 5 agents, 6 operations, 10 repositories, 3 tags and 40 keys, with failures and every cache outcome.
/// </summary>
internal static class LedgerSeed
{
    public static void Append(SqliteDatabase database, int rows, DateTimeOffset now)
    {
        var ledger = new SqliteLedgerStore(database);
        string[] models = ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "o3", "claude-sonnet-4-5", "claude-haiku-4-5", "gemini-2.5-pro", "gemini-2.5-flash", "grok-4", "deepseek-chat", "mistral-large", "llama3"];
        string[] operations = ["chat", "code_review", "file_scoring", "debugging", "architecture", "qa"];
        string[] tags = ["ci", "nightly", "interactive"];
        string?[] caches = ["miss", "miss", "miss", "hit", "bypass", null];
        string[] outcomes = ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "timeout", "rate_limited"];
        var random = new Random(42);
        var batch = new List<LedgerEntry>(10_000);
        for (int i = 0; i < rows; i++)
        {
            string model = models[random.Next(models.Length)];
            string? cache = caches[random.Next(caches.Length)];
            string outcome = outcomes[random.Next(outcomes.Length)];
            batch.Add(new LedgerEntry
            {
                RequestId = "req_" + i.ToString("x8", System.Globalization.CultureInfo.InvariantCulture),
                Timestamp = now.AddSeconds(-random.Next(90 * 86_400)),
                Provider = "p" + (model.Length % 4),
                Model = model,
                Deployment = "p" + (model.Length % 4) + "/" + model,
                Project = "project-" + random.Next(8),
                Agent = "agent-" + random.Next(5),
                KeyId = random.Next(4) == 0 ? null : "key" + random.Next(40).ToString("D9", System.Globalization.CultureInfo.InvariantCulture),
                Operation = operations[random.Next(operations.Length)],
                Repository = "repo-" + random.Next(10),
                Tags = [tags[random.Next(tags.Length)]],
                InputTokens = random.Next(100, 20_000),
                OutputTokens = random.Next(10, 4_000),
                CostUsd = random.Next(1, 500_000) / 10_000_000m,
                CacheOutcome = cache,
                CacheHit = cache == "hit",
                SavedUsd = cache == "hit" ? random.Next(1, 500_000) / 10_000_000m : null,
                Outcome = outcome,
                Status = outcome == "ok" ? 200 : 504,
                Route = random.Next(4) == 0 ? "auto:cheap(keyword)" : "explicit",
                Attempts = 1,
            });
            if (batch.Count == batch.Capacity)
            {
                ledger.AppendAsync(batch, CancellationToken.None).GetAwaiter().GetResult();
                batch.Clear();
            }
        }

        ledger.AppendAsync(batch, CancellationToken.None).GetAwaiter().GetResult();
        ledger.Dispose();
    }
}
