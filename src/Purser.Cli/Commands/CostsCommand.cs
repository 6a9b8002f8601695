using System.CommandLine;
using System.Globalization;
using System.Text;
using Purser.Cli.Hosting;
using Purser.Pricing;
using Purser.Reports;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary><c>purser costs</c>: spend for 24 h / 7 d / 30 d / all time, broken down, with recent operations.</summary>
internal static class CostsCommand
{
    public static Command Create(IAnsiConsole console, CliEnvironment environment)
    {
        var period = new Option<string>("--period", "-p") { Description = "24h, 7d, 30d or all", DefaultValueFactory = _ => "7d" };
        period.AcceptOnlyFromAmong([.. ReportPeriod.Names]);
        var by = new Option<string?>("--by", "-b") { Description = "Break down by model, provider, project, agent, operation, repository, key, user, tag or day" };
        by.AcceptOnlyFromAmong([.. Enum.GetNames<ReportGrouping>().Select(n => n.ToLowerInvariant())]);
        var recent = new Option<int>("--recent", "-r") { Description = "Also list the most recent N operations", DefaultValueFactory = _ => 0 };
        var json = GlobalOptions.Json();
        var csv = new Option<bool>("--csv") { Description = "Print the breakdown (or the recent operations) as CSV" };
        var server = GlobalOptions.Server();
        var key = GlobalOptions.Key();
        var command = new Command("costs", "Show what LLM calls cost: totals, breakdowns, recent operations") { period, by, recent, json, csv, server, key };
        command.SetAction(async (parse, cancellationToken) =>
        {
            int recentCount = parse.GetValue(recent);
            if (recentCount is < 0 or > 1000)
            {
                throw new CliException("--recent must be between 0 and 1000.", 2);
            }

            string periodName = parse.GetValue(period)!;
            CostReporter.TryParseGrouping(parse.GetValue(by), out ReportGrouping? grouping);
            CostSummary summary;
            if (parse.GetValue(server) is { } url)
            {
                using RemoteGateway remote = RemoteGateway.Create(url, parse.GetValue(key), environment);
                string query = $"api/costs?period={periodName}&recent={recentCount}" + (grouping is null ? "" : "&by=" + grouping.Value.ToString().ToLowerInvariant());
                summary = CostReporter.FromJson(await remote.GetStringAsync(query, cancellationToken))
                    ?? throw new CliException("The gateway sent an empty report.");
            }
            else
            {
                await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
                summary = await context.Get<CostReporter>().SummaryAsync(periodName, grouping, recentCount, cancellationToken);
            }

            if (parse.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(CostReporter.ToJson(summary));
            }
            else if (parse.GetValue(csv))
            {
                console.Profile.Out.Writer.Write(ToCsv(summary, grouping));
            }
            else
            {
                Render(console, summary, periodName, grouping);
            }

            return 0;
        });
        return command;
    }

    internal static void Render(IAnsiConsole console, CostSummary summary, string period, ReportGrouping? grouping)
    {
        var totals = new Table().Border(TableBorder.Rounded).Title("[bold]Spend[/]");
        totals.AddColumn("Period").AddColumn(new TableColumn("Calls").RightAligned()).AddColumn(new TableColumn("Errors").RightAligned())
            .AddColumn(new TableColumn("Input tok").RightAligned()).AddColumn(new TableColumn("Output tok").RightAligned())
            .AddColumn(new TableColumn("Cost").RightAligned()).AddColumn(new TableColumn("Saved").RightAligned());
        foreach (var (name, t) in summary.Periods)
        {
            totals.AddRow(name, N(t.Calls), N(t.Errors), N(t.InputTokens), N(t.OutputTokens), $"[bold]{Markup.Escape(Cost(t))}[/]", CostFormatter.Format(t.SavedUsd));
        }

        console.Write(totals);
        CostReport report = summary.Report;
        if (grouping is not null)
        {
            console.WriteLine();
            var table = new Table().Border(TableBorder.Rounded).Title($"[bold]By {grouping.Value.ToString().ToLowerInvariant()} ({period})[/]");
            table.AddColumn(grouping.Value.ToString()).AddColumn(new TableColumn("Calls").RightAligned()).AddColumn(new TableColumn("Tokens").RightAligned())
                .AddColumn(new TableColumn("Cost").RightAligned()).AddColumn(new TableColumn("Share").RightAligned());
            // A share of a total with an unknown part would be a guess: shown only when every cost is known.
            decimal? whole = report.Totals.CostUsd;
            foreach (CostGroup group in report.Groups)
            {
                string share = whole > 0 && group.Totals.CostUsd is decimal cost ? (cost / whole.Value).ToString("P1", CultureInfo.InvariantCulture) : "-";
                table.AddRow(Markup.Escape(group.Key), N(group.Totals.Calls), N(group.Totals.TotalTokens), Markup.Escape(Cost(group.Totals)), share);
            }

            console.Write(table);
            var chart = new BarChart().Width(Math.Min(80, console.Profile.Width)).Label($"[bold]Cost by {grouping.Value.ToString().ToLowerInvariant()} (USD)[/]");
            foreach (CostGroup group in report.Groups.Take(12))
            {
                chart.AddItem(Markup.Escape(Truncate(group.Key, 30)), (double)group.Totals.KnownCostUsd, Color.Green);
            }

            if (report.Groups.Count > 0)
            {
                console.WriteLine();
                console.Write(chart);
            }
        }

        if (report.Recent.Count > 0)
        {
            console.WriteLine();
            var recent = new Table().Border(TableBorder.Rounded).Title("[bold]Recent operations[/]");
            recent.AddColumn("Time (UTC)").AddColumn("Operation").AddColumn("Model").AddColumn(new TableColumn("In").RightAligned())
                .AddColumn(new TableColumn("Out").RightAligned()).AddColumn(new TableColumn("Cost").RightAligned()).AddColumn("Outcome").AddColumn("Route");
            foreach (RecentCall call in report.Recent)
            {
                recent.AddRow(
                    call.Timestamp.UtcDateTime.ToString("MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    Markup.Escape(call.Operation),
                    Markup.Escape(call.Deployment ?? "-"),
                    N(call.InputTokens),
                    N(call.OutputTokens),
                    call.CostUsd is decimal c ? Markup.Escape(CostFormatter.Format(c)) + (call.Estimated ? "~" : "") : "[yellow]unknown[/]",
                    call.CacheHit ? "[green]cache hit[/]" : call.Outcome == "ok" ? "ok" : $"[red]{Markup.Escape(call.Outcome)}[/]",
                    Markup.Escape(call.Route ?? "-"));
            }

            console.Write(recent);
        }

        if (report.Totals.UnknownCostCalls > 0)
        {
            console.MarkupLineInterpolated($"[yellow]{report.Totals.UnknownCostCalls} call(s) in this period have no price: their cost is unknown (—), not $0, and not in the known sums. Add them under Purser:Pricing.[/]");
        }

        if (report.Totals.EstimatedCalls > 0)
        {
            console.MarkupLineInterpolated($"[grey]{report.Totals.EstimatedCalls} call(s) were counted locally (the upstream reported no usage); marked ~.[/]");
        }
    }

    internal static string ToCsv(CostSummary summary, ReportGrouping? grouping)
    {
        var sb = new StringBuilder();
        if (grouping is not null || summary.Report.Recent.Count == 0)
        {
            sb.AppendLine("key,calls,errors,cache_hits,input_tokens,cached_tokens,cache_write_tokens,output_tokens,reasoning_tokens,cost_usd,known_cost_usd,unknown_cost_calls,estimated_calls,saved_usd");
            IEnumerable<CostGroup> rows = grouping is null ? summary.Periods.Select(p => new CostGroup(p.Key, p.Value)) : summary.Report.Groups;
            foreach (CostGroup g in rows)
            {
                CostTotals t = g.Totals;
                sb.Append(Csv(g.Key)).Append(',').Append(t.Calls).Append(',').Append(t.Errors).Append(',').Append(t.CacheHits).Append(',')
                    .Append(t.InputTokens).Append(',').Append(t.CachedTokens).Append(',').Append(t.CacheWriteTokens).Append(',').Append(t.OutputTokens).Append(',')
                    .Append(t.ReasoningTokens).Append(',').Append(t.CostUsd is decimal cost ? CostFormatter.ToInvariantString(cost) : "").Append(',')
                    .Append(CostFormatter.ToInvariantString(t.KnownCostUsd)).Append(',').Append(t.UnknownCostCalls).Append(',')
                    .Append(t.EstimatedCalls).Append(',').Append(CostFormatter.ToInvariantString(t.SavedUsd)).AppendLine();
            }
        }
        else
        {
            sb.AppendLine("timestamp,request_id,operation,model,project,input_tokens,output_tokens,cost_usd,estimated,outcome,cache_hit,route,latency_ms");
            foreach (RecentCall c in summary.Report.Recent)
            {
                sb.Append(c.Timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)).Append(',').Append(Csv(c.RequestId)).Append(',').Append(Csv(c.Operation)).Append(',')
                    .Append(Csv(c.Deployment)).Append(',').Append(Csv(c.Project)).Append(',').Append(c.InputTokens).Append(',').Append(c.OutputTokens).Append(',')
                    .Append(c.CostUsd is decimal d ? CostFormatter.ToInvariantString(d) : "").Append(',').Append(c.Estimated ? "true" : "false").Append(',')
                    .Append(Csv(c.Outcome)).Append(',').Append(c.CacheHit ? "true" : "false").Append(',').Append(Csv(c.Route)).Append(',')
                    .Append(c.LatencyMs.ToString("0.###", CultureInfo.InvariantCulture)).AppendLine();
            }
        }

        return sb.ToString();
    }

    private static string Csv(string? value)
    {
        if (value is null)
        {
            return "";
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A sum's cost for the table: unknown shows as — with how many calls had no price, never as $0.</summary>
    private static string Cost(CostTotals t) => CostFormatter.FormatSum(t.KnownCostUsd, t.UnknownCostCalls);

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
