using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Purser.Budgets;
using Purser.Cli.Hosting;
using Purser.Pricing;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary><c>purser budget list|set|remove|status</c>, against the local database or a gateway (--server).</summary>
internal static class BudgetCommand
{
    public static Command Create(IAnsiConsole console, CliEnvironment environment) =>
        new("budget", "Manage budgets and see where they stand")
        {
            StatusCommand(console, environment),
            ListCommand(console, environment),
            SetCommand(console, environment),
            RemoveCommand(console, environment),
        };

    private static Command StatusCommand(IAnsiConsole console, CliEnvironment environment)
    {
        var json = GlobalOptions.Json();
        var server = GlobalOptions.Server();
        var key = GlobalOptions.Key();
        var command = new Command("status", "Each budget's spend, reserved, remaining, tier, next alert and reset time") { json, server, key };
        command.SetAction(async (parse, cancellationToken) =>
        {
            List<BudgetStatus> rows;
            if (parse.GetValue(server) is { } url)
            {
                using RemoteGateway remote = RemoteGateway.Create(url, parse.GetValue(key), environment);
                rows = await remote.GetListAsync("api/budgets/status", BudgetJsonContext.Default.ListBudgetStatus, cancellationToken);
            }
            else
            {
                await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
                rows = [.. context.Get<BudgetManager>().Status()];
            }

            if (parse.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(rows, BudgetJsonContext.Default.ListBudgetStatus));
                return 0;
            }

            if (rows.Count == 0)
            {
                console.WriteLine("No budgets. Add one with `purser budget set daily --limit 5` or under Purser:Budgets:Items.");
                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded).Title("[bold]Budgets[/]");
            table.AddColumn("Budget").AddColumn("Scope").AddColumn("Window").AddColumn(new TableColumn("Spent").RightAligned()).AddColumn(new TableColumn("Reserved").RightAligned())
                .AddColumn(new TableColumn("Remaining").RightAligned()).AddColumn(new TableColumn("Limit").RightAligned()).AddColumn(new TableColumn("Used").RightAligned())
                .AddColumn("Tier").AddColumn(new TableColumn("Next alert").RightAligned()).AddColumn("Resets (UTC)");
            foreach (BudgetStatus s in rows)
            {
                string scope = s.Scope == "global" ? "global" : $"{s.Scope} {s.Value ?? s.Match}";
                table.AddRow(
                    Markup.Escape(s.Name + (s.Mode == "soft" ? " (soft)" : "")),
                    Markup.Escape(scope),
                    s.Window,
                    Amount(s.Spent, s.Unit) + (s.UnpricedCalls > 0 ? $" [yellow]+ {s.UnpricedCalls} unpriced[/]" : ""),
                    Amount(s.Reserved, s.Unit),
                    Amount(s.Remaining, s.Unit),
                    Amount(s.Limit, s.Unit) + (s.AllocatedFrom is { } parent ? Markup.Escape(s.Share is decimal fraction ? $" ({fraction.ToString("0.###", CultureInfo.InvariantCulture)} of {parent})" : $" (share of {parent})") : ""),
                    s.PercentUsed.ToString("0.#", CultureInfo.InvariantCulture) + "%",
                    TierMarkup(s.Tier),
                    s.NextAlertLevel is int level ? level.ToString(CultureInfo.InvariantCulture) + "%" : "-",
                    s.ResetsAt is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "never");
            }

            console.Write(table);
            if (rows.Any(r => r.UnpricedCalls > 0))
            {
                console.MarkupLine("[yellow]Unpriced calls had no price: a soft budget counts them apart instead of as $0. Add their models under Purser:Pricing.[/]");
            }

            if (parse.GetValue(server) is null)
            {
                console.MarkupLine("[grey]Spend from the local ledger; calls in flight in a running gateway show with --server.[/]");
            }

            return 0;
        });
        return command;
    }

    private static Command ListCommand(IAnsiConsole console, CliEnvironment environment)
    {
        var json = GlobalOptions.Json();
        var server = GlobalOptions.Server();
        var key = GlobalOptions.Key();
        var command = new Command("list", "List the budgets and how they are defined") { json, server, key };
        command.SetAction(async (parse, cancellationToken) =>
        {
            List<BudgetView> budgets;
            if (parse.GetValue(server) is { } url)
            {
                using RemoteGateway remote = RemoteGateway.Create(url, parse.GetValue(key), environment);
                budgets = await remote.GetListAsync("api/budgets", BudgetJsonContext.Default.ListBudgetView, cancellationToken);
            }
            else
            {
                await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
                budgets = [.. context.Get<BudgetManager>().List().Select(BudgetView.Of)];
            }

            if (parse.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(budgets, BudgetJsonContext.Default.ListBudgetView));
                return 0;
            }

            if (budgets.Count == 0)
            {
                console.WriteLine("No budgets. Add one with `purser budget set daily --limit 5` or under Purser:Budgets:Items.");
                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded).Title("[bold]Budgets[/]");
            table.AddColumn("Budget").AddColumn("Scope").AddColumn("Window").AddColumn(new TableColumn("Limit").RightAligned()).AddColumn("Mode").AddColumn("Tiers").AddColumn("Allocation").AddColumn("Source");
            foreach (BudgetView b in budgets)
            {
                table.AddRow(
                    Markup.Escape(b.Name),
                    Markup.Escape(b.Scope == "global" ? "global" : $"{b.Scope} {b.Match}"),
                    b.Window,
                    b.Plan is { } plan ? $"{Amount(b.Limit, b.Unit)} ({plan})" : b.Parent is not null && b.Limit == 0 ? "-" : Amount(b.Limit, b.Unit),
                    b.Mode,
                    Markup.Escape(b.CheapBelow is null && b.EmergencyBelow is null ? "default" : $"cheap<{b.CheapBelow ?? "default"}, emergency<{b.EmergencyBelow ?? "default"}"),
                    Markup.Escape(b.Parent is { } parent ? "share of " + parent : b.Allocation),
                    b.Source);
            }

            console.Write(table);
            return 0;
        });
        return command;
    }

    private static Command SetCommand(IAnsiConsole console, CliEnvironment environment)
    {
        var name = new Argument<string>("name") { Description = "The budget's name" };
        var limit = new Option<decimal?>("--limit", "-l") { Description = "The limit in dollars (or tokens with --tokens)" };
        var scope = new Option<string?>("--scope", "-s") { Description = "global (default), project, agent, key, user or tag" };
        var match = new Option<string?>("--match", "-m") { Description = "The project/agent/key id/user/tag it is for; * for one budget per value" };
        var window = new Option<string?>("--window", "-w") { Description = "daily (default), weekly, monthly or total" };
        var tokens = new Option<bool>("--tokens") { Description = "Count tokens instead of dollars" };
        var plan = new Option<string?>("--plan") { Description = "A token plan: lite (200K/month), pro (500K), business (4M)" };
        var soft = new Option<bool>("--soft") { Description = "Only alert; never downgrade or refuse" };
        var parent = new Option<string?>("--parent") { Description = "Take a share of this (dynamic) budget's limit" };
        var dynamic = new Option<bool>("--dynamic") { Description = "Share this budget's limit among its children by recent usage" };
        var cheapBelow = new Option<string?>("--cheap-below") { Description = "Cheap models only below this much left (40% or an amount)" };
        var emergencyBelow = new Option<string?>("--emergency-below") { Description = "Emergency mode below this much left (10% or an amount)" };
        var alerts = new Option<string?>("--alerts") { Description = "Alert levels in percent, comma-separated (default 50,70,80,90,95,99,100)" };
        var json = GlobalOptions.Json();
        var server = GlobalOptions.Server();
        var key = GlobalOptions.Key();
        var command = new Command("set", "Create or change a budget (budgets from the configuration file are changed there)")
        {
            name, limit, scope, match, window, tokens, plan, soft, parent, dynamic, cheapBelow, emergencyBelow, alerts, json, server, key,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var item = new BudgetItemOptions
            {
                Limit = parse.GetValue(limit),
                Scope = parse.GetValue(scope),
                Match = parse.GetValue(match),
                Window = parse.GetValue(window),
                Unit = parse.GetValue(tokens) ? "tokens" : null,
                Plan = parse.GetValue(plan),
                Mode = parse.GetValue(soft) ? "soft" : null,
                Parent = parse.GetValue(parent),
                Allocation = parse.GetValue(dynamic) ? "dynamic" : null,
                CheapBelow = parse.GetValue(cheapBelow),
                EmergencyBelow = parse.GetValue(emergencyBelow),
                Alerts = ParseLevels(parse.GetValue(alerts)),
            };
            string budgetName = parse.GetValue(name)!;
            BudgetView view;
            if (parse.GetValue(server) is { } url)
            {
                using RemoteGateway remote = RemoteGateway.Create(url, parse.GetValue(key), environment);
                string body = await remote.SendAsync(HttpMethod.Put, "api/budgets/" + Uri.EscapeDataString(budgetName), JsonSerializer.Serialize(item, BudgetJsonContext.Default.BudgetItemOptions), cancellationToken);
                view = JsonSerializer.Deserialize(body, BudgetJsonContext.Default.BudgetView) ?? throw new CliException("The gateway sent an empty answer.");
            }
            else
            {
                await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
                BudgetChange change = context.Get<BudgetManager>().Set(budgetName, item);
                if (change.Outcome != BudgetChangeOutcome.Done)
                {
                    throw new CliException(string.Join(Environment.NewLine, change.Errors), 2);
                }

                view = BudgetView.Of(change.Definition!);
            }

            if (parse.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(view, BudgetJsonContext.Default.BudgetView));
            }
            else
            {
                string what = view.Scope == "global" ? "all calls" : $"{view.Scope} {view.Match}";
                console.MarkupLineInterpolated($"Budget [bold]{view.Name}[/]: {(view.Limit == 0 ? "a share of " + view.Parent : Amount(view.Limit, view.Unit))} {view.Window} for {what} ({view.Mode}).");
            }

            return 0;
        });
        return command;
    }

    private static Command RemoveCommand(IAnsiConsole console, CliEnvironment environment)
    {
        var name = new Argument<string>("name") { Description = "The budget's name" };
        var server = GlobalOptions.Server();
        var key = GlobalOptions.Key();
        var command = new Command("remove", "Remove a budget") { name, server, key };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string budgetName = parse.GetValue(name)!;
            if (parse.GetValue(server) is { } url)
            {
                using RemoteGateway remote = RemoteGateway.Create(url, parse.GetValue(key), environment);
                await remote.SendAsync(HttpMethod.Delete, "api/budgets/" + Uri.EscapeDataString(budgetName), null, cancellationToken);
            }
            else
            {
                await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
                BudgetChange change = context.Get<BudgetManager>().Remove(budgetName);
                if (change.Outcome != BudgetChangeOutcome.Done)
                {
                    throw new CliException(string.Join(Environment.NewLine, change.Errors), change.Outcome == BudgetChangeOutcome.NotFound ? 1 : 2);
                }
            }

            console.MarkupLineInterpolated($"Removed budget {budgetName}.");
            return 0;
        });
        return command;
    }

    private static List<int>? ParseLevels(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var levels = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part.TrimEnd('%'), NumberStyles.None, CultureInfo.InvariantCulture, out int level))
            {
                throw new CliException($"--alerts: '{part}' is not a percentage.", 2);
            }

            levels.Add(level);
        }

        return levels;
    }

    private static string Amount(decimal amount, string unit) => unit == "tokens"
        ? amount.ToString("N0", CultureInfo.InvariantCulture) + " tok"
        : Markup.Escape(CostFormatter.Format(amount, 4));

    private static string TierMarkup(string tier) => tier switch
    {
        "any" => "[green]any[/]",
        "cheap" => "[yellow]cheap[/]",
        "emergency" => "[red]emergency[/]",
        "exhausted" => "[red bold]exhausted[/]",
        _ => Markup.Escape(tier),
    };
}
