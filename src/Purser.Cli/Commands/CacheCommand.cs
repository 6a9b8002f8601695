using System.CommandLine;
using System.Globalization;
using Purser.Caching;
using Purser.Cli.Hosting;
using Purser.Pricing;
using Purser.Reports;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary><c>purser cache stats|clear</c>: what the exact response cache holds and saved, and emptying it.</summary>
internal static class CacheCommand
{
    public static Command Create(IAnsiConsole console, CliEnvironment environment) =>
        new("cache", "The exact response cache: statistics and clearing")
        {
            Stats(console, environment),
            Clear(console, environment),
        };

    private static Command Stats(IAnsiConsole console, CliEnvironment environment)
    {
        var period = new Option<string>("--period", "-p") { Description = "Window of the hit, miss and savings counts: 24h, 7d, 30d or all", DefaultValueFactory = _ => "all" };
        period.AcceptOnlyFromAmong([.. ReportPeriod.Names]);
        var json = GlobalOptions.Json();
        var server = GlobalOptions.Server();
        var key = GlobalOptions.Key();
        var command = new Command("stats", "Hits, misses, hit rate, entries, bytes, tokens and dollars saved, by operation") { period, json, server, key };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string periodName = parse.GetValue(period)!;
            CacheStatsReport report;
            if (parse.GetValue(server) is { } url)
            {
                using RemoteGateway remote = RemoteGateway.Create(url, parse.GetValue(key), environment);
                report = CacheReports.StatsFromJson(await remote.GetStringAsync($"api/cache/stats?period={periodName}", cancellationToken))
                    ?? throw new CliException("The gateway sent an empty report.");
            }
            else
            {
                await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
                report = await context.Get<ResponseCache>().StatsAsync(periodName, cancellationToken);
            }

            if (parse.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(CacheReports.ToJson(report));
            }
            else
            {
                Render(console, report, remote: parse.GetValue(server) is not null);
            }

            return 0;
        });
        return command;
    }

    private static Command Clear(IAnsiConsole console, CliEnvironment environment)
    {
        var operation = new Option<string?>("--operation", "-o") { Description = "Only entries of this operation (e.g. code_review)" };
        var olderThan = new Option<string?>("--older-than") { Description = "Only entries stored longer ago than this (e.g. 7d, 24h, 30m)" };
        var json = GlobalOptions.Json();
        var server = GlobalOptions.Server();
        var key = GlobalOptions.Key();
        var command = new Command("clear", "Remove cached answers: all, or by operation and/or age") { operation, olderThan, json, server, key };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string? operationName = parse.GetValue(operation);
            string? age = parse.GetValue(olderThan);
            if (!CacheReports.TryBuildFilter(operationName, age, DateTimeOffset.UnixEpoch, out _, out string? error))
            {
                throw new CliException("--" + error, 2);
            }

            CacheClearResult result;
            if (parse.GetValue(server) is { } url)
            {
                using RemoteGateway remote = RemoteGateway.Create(url, parse.GetValue(key), environment);
                string body = CacheReports.ToJson(new CacheClearRequest(operationName, age));
                result = CacheReports.ClearFromJson(await remote.PostJsonAsync("api/cache/clear", body, cancellationToken))
                    ?? throw new CliException("The gateway sent an empty answer.");
            }
            else
            {
                await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
                DateTimeOffset now = context.Get<TimeProvider>().GetUtcNow();
                CacheReports.TryBuildFilter(operationName, age, now, out CacheClearFilter? filter, out _);
                result = new CacheClearResult(await context.Get<ResponseCache>().ClearAsync(filter!, cancellationToken));
            }

            if (parse.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(CacheReports.ToJson(result));
            }
            else
            {
                string scope = (operationName is null ? "" : $" of operation {operationName}") + (age is null ? "" : $" older than {age}");
                console.MarkupLineInterpolated($"Removed [bold]{result.Removed}[/] cached answer(s){scope}.");
            }

            return 0;
        });
        return command;
    }

    internal static void Render(IAnsiConsole console, CacheStatsReport report, bool remote)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]Response cache ({Markup.Escape(report.Period)})[/]");
        table.AddColumn("Operation").AddColumn(new TableColumn("Hits").RightAligned()).AddColumn(new TableColumn("Misses").RightAligned())
            .AddColumn(new TableColumn("Bypassed").RightAligned()).AddColumn(new TableColumn("Hit rate").RightAligned())
            .AddColumn(new TableColumn("Entries").RightAligned()).AddColumn(new TableColumn("Bytes").RightAligned())
            .AddColumn(new TableColumn("Tokens saved").RightAligned()).AddColumn(new TableColumn("$ saved").RightAligned());
        foreach (CacheOperationStats row in report.Operations)
        {
            AddRow(table, Markup.Escape(row.Operation), row);
        }

        AddRow(table, "[bold]total[/]", report.Totals);
        console.Write(table);
        if (remote)
        {
            CacheMemoryStats m = report.Memory;
            console.MarkupLineInterpolated($"[grey]Gateway memory: {m.Entries} entries, {Bytes(m.Bytes)} of {Bytes(m.MaxBytes)}; {m.IndexedKeys} live keys indexed; {m.InFlight} call(s) in flight, {m.Waiting} waiting.[/]");
        }
    }

    private static void AddRow(Table table, string label, CacheOperationStats s) =>
        table.AddRow(
            label,
            N(s.Hits),
            N(s.Misses),
            N(s.Bypassed),
            s.HitRate is double rate ? rate.ToString("P1", CultureInfo.InvariantCulture) : "-",
            N(s.Entries),
            Bytes(s.Bytes),
            N(s.TokensSaved),
            Markup.Escape(CostFormatter.Format(s.SavedUsd)));

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Bytes(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + " B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KiB",
        _ => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB",
    };
}
