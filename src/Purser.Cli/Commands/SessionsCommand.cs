using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Purser.Cli.Hosting;
using Purser.Cli.Run;
using Purser.Pricing;
using Purser.Sessions;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary><c>purser sessions list|show &lt;id&gt;</c>: past and running <c>purser run</c> sessions, with figures from the ledger.</summary>
internal static class SessionsCommand
{
    public static Command Create(IAnsiConsole console, CliEnvironment environment) =>
        new("sessions", "List purser run sessions and show one, with its calls, tokens and cost from the ledger")
        {
            ListCommand(console, environment),
            ShowCommand(console, environment),
        };

    private static Command ListCommand(IAnsiConsole console, CliEnvironment environment)
    {
        var limit = new Option<int>("--limit", "-n") { Description = "How many sessions, most recent first", DefaultValueFactory = _ => 20 };
        var json = GlobalOptions.Json();
        var server = GlobalOptions.Server();
        var key = GlobalOptions.Key();
        var command = new Command("list", "List sessions, most recent first") { limit, json, server, key };
        command.SetAction(async (parse, cancellationToken) =>
        {
            int count = parse.GetValue(limit);
            if (count is < 1 or > 1000)
            {
                throw new CliException("--limit must be between 1 and 1000.", 2);
            }

            List<SessionSummary> sessions;
            if (parse.GetValue(server) is { } url)
            {
                using RemoteGateway remote = RemoteGateway.Create(url, parse.GetValue(key), environment);
                sessions = await remote.GetListAsync($"api/sessions?limit={count}", SessionJsonContext.Default.ListSessionSummary, cancellationToken);
            }
            else
            {
                await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
                sessions = [.. await context.Get<SessionService>().ListAsync(count, cancellationToken)];
            }

            if (parse.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(sessions, SessionJsonContext.Default.ListSessionSummary));
                return 0;
            }

            if (sessions.Count == 0)
            {
                console.MarkupLine("No sessions yet. Start one with [bold]purser run --budget 2 -- claude[/].");
                return 0;
            }

            var table = new Table().AddColumns("Session", "Agent", "Started (UTC)", "Duration", "Exit", "Calls", "Tokens in/out", "Cost", "Budget", "Repository");
            foreach (SessionSummary s in sessions)
            {
                table.AddRow(
                    Markup.Escape(s.Session.Id),
                    Markup.Escape(s.Session.Agent),
                    s.Session.StartedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    s.Active ? "[green]running[/]" : SessionSummaryText.Duration(s.DurationSeconds),
                    s.Session.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "",
                    s.Figures.Calls.ToString("N0", CultureInfo.InvariantCulture),
                    $"{s.Figures.InputTokens.ToString("N0", CultureInfo.InvariantCulture)} / {s.Figures.OutputTokens.ToString("N0", CultureInfo.InvariantCulture)}",
                    CostFormatter.Format(s.Figures.CostUsd),
                    Markup.Escape(s.Session.BudgetUsd is decimal b ? CostFormatter.Format(b) : s.Session.BudgetTokens is long t ? t.ToString("N0", CultureInfo.InvariantCulture) + " tok" : ""),
                    Markup.Escape(s.Session.Repository ?? ""));
            }

            console.Write(table);
            return 0;
        });
        return command;
    }

    private static Command ShowCommand(IAnsiConsole console, CliEnvironment environment)
    {
        var id = new Argument<string>("id") { Description = "The session id (printed by purser run, listed by purser sessions list)" };
        var json = GlobalOptions.Json();
        var server = GlobalOptions.Server();
        var key = GlobalOptions.Key();
        var command = new Command("show", "Show one session: calls, tokens, cost by model, savings, budget used and left") { id, json, server, key };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string sessionId = parse.GetValue(id)!.Trim();
            SessionSummary? summary;
            if (parse.GetValue(server) is { } url)
            {
                using RemoteGateway remote = RemoteGateway.Create(url, parse.GetValue(key), environment);
                string body;
                try
                {
                    body = await remote.GetStringAsync($"api/sessions/{Uri.EscapeDataString(sessionId)}", cancellationToken);
                }
                catch (CliException ex) when (ex.Message.Contains(" 404:", StringComparison.Ordinal))
                {
                    throw new CliException($"There is no session '{sessionId}' (purser sessions list shows them).");
                }

                summary = JsonSerializer.Deserialize(body, SessionJsonContext.Default.SessionSummary);
            }
            else
            {
                await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
                summary = await context.Get<SessionService>().SummaryAsync(sessionId, cancellationToken);
            }

            if (summary is null)
            {
                throw new CliException($"There is no session '{sessionId}' (purser sessions list shows them).");
            }

            console.Profile.Out.Writer.Write(parse.GetValue(json)
                ? JsonSerializer.Serialize(summary, SessionJsonContext.Default.SessionSummary) + "\n"
                : SessionSummaryText.Render(summary));
            return 0;
        });
        return command;
    }
}
