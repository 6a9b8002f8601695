using Purser.Bench.Hosting;
using Purser.Bench.Load;
using Purser.Bench.Report;

namespace Purser.Bench;

/// <summary>
/// --storage: one Purser per storage (SQLite in its home folder, PostgreSQL in a database of its own), each with and
/// without a hard budget, and with --instances N also N Purser instances with a hard budget on one PostgreSQL database;
/// all measured next to direct and the floor in the same interleaved rounds, then the PostgreSQL ledgers checked.
/// </summary>
internal sealed partial class BenchRun
{
    private BenchDatabases? _databases;

    /// <summary>The PostgreSQL targets and their database names, for the checks after the run.</summary>
    private readonly List<(string Target, string Database, bool HardBudget)> _stored = [];

    private async Task<List<Target>> StartStorageTargetsAsync(HttpClient http, string runDirectory, ChildProcess upstream, CancellationToken cancellationToken)
    {
        if (options.Postgres is { } admin && options.Storage.Contains(BenchOptions.PostgresStorage))
        {
            _databases = BenchDatabases.For(admin);
        }

        // The same headers as the baseline's purser: no-store, so every call looks the cache up, misses and goes upstream.
        var headers = new Dictionary<string, string> { ["Cache-Control"] = "no-store" };
        var targets = new List<Target>();
        foreach (bool budget in (bool[])[false, true])
        {
            foreach (string storage in options.Storage)
            {
                string name = Target.Stored(storage, budget);
                string? postgres = await DatabaseAsync(storage, name, budget, cancellationToken);
                ChildProcess purser = await StartPurserAsync(http, runDirectory, UpstreamBase(upstream), cancellationToken, name, budget, postgres);
                targets.Add(new Target(name, PurserUrl(purser), headers, purser));
            }
        }

        if (options.Instances > 1)
        {
            string name = Target.ScaledOut(options.Instances);
            string? postgres = await DatabaseAsync(BenchOptions.PostgresStorage, name, hardBudget: true, cancellationToken);
            var instances = new List<Target>();
            for (int i = 1; i <= options.Instances; i++)
            {
                // Started one after the other: the first applies the migrations, the others find them applied.
                ChildProcess purser = await StartPurserAsync(http, runDirectory, UpstreamBase(upstream), cancellationToken, $"{name}-{i}", hardBudget: true, postgres);
                instances.Add(new Target(name, PurserUrl(purser), headers, purser));
            }

            targets.Add(instances[0] with { Spread = instances[1..] });
        }

        return targets;
    }

    private Uri PurserUrl(ChildProcess purser) => new($"http://127.0.0.1:{_ports[purser]}/v1/chat/completions");

    /// <summary>For a PostgreSQL target: a fresh database of its own, and its connection string; null for SQLite.</summary>
    private async Task<string?> DatabaseAsync(string storage, string target, bool hardBudget, CancellationToken cancellationToken)
    {
        if (storage != BenchOptions.PostgresStorage || _databases is null)
        {
            return null;
        }

        string database = target["purser-".Length..].Replace('-', '_');
        _stored.Add((target, database, hardBudget));
        return await _databases.CreateAsync(database, cancellationToken);
    }

    /// <summary>How long the checks wait for the calls that were in flight when the last load run stopped to let go of their holds.</summary>
    private static readonly TimeSpan HoldsDrain = TimeSpan.FromSeconds(15);

    /// <summary>
    /// After the run (every answer's row committed: strict durability), each PostgreSQL database against what was served.
    /// Calls still queued when wrk stopped may hold budget for a moment, so a database with holds is read again until
    /// they are gone or <see cref="HoldsDrain"/> has passed; what is left then is reported.
    /// </summary>
    private async Task<IReadOnlyList<LedgerCheck>> CheckLedgersAsync(CancellationToken cancellationToken)
    {
        var checks = new List<LedgerCheck>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        foreach (var (target, database, hardBudget) in _stored)
        {
            LedgerCheck check;
            while (true)
            {
                check = await _databases!.CheckAsync(target, database, _served.GetValueOrDefault(target), _inFlight.GetValueOrDefault(target), hardBudget ? BenchBudgetUsd : null, BenchBudget, cancellationToken);
                if (check.Holds == 0 || waited.Elapsed >= HoldsDrain)
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }

            checks.Add(check);
        }

        return checks;
    }
}
