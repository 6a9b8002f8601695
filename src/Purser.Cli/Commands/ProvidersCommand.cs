using System.CommandLine;
using System.Globalization;
using Purser.Cli.Diagnostics;
using Purser.Cli.Hosting;
using Purser.Configuration;
using Purser.Pipeline;
using Purser.Errors;
using Purser.Pricing;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary><c>purser providers test</c>: one minimal call to each configured provider, with its latency and cost.</summary>
internal static class ProvidersCommand
{
    public static Command Create(IAnsiConsole console, CliEnvironment environment) => new("providers", "Check the configured providers")
    {
        Test(console, environment),
    };

    private static Command Test(IAnsiConsole console, CliEnvironment environment)
    {
        var names = new Argument<string[]>("provider") { Description = "Providers to test (default: all configured)", Arity = ArgumentArity.ZeroOrMore };
        var model = new Option<string?>("--model", "-m") { Description = "The model to call (default: the provider's first listed model, or a cheap one)" };
        var command = new Command("test", "Make one minimal call to each provider (a few tokens, priced and recorded in the ledger) and show latency and cost") { names, model };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using CliContext context = OpenContext(environment, parse.GetValue(GlobalOptions.Config));
            List<string> chosen = Choose(context.Options, parse.GetValue(names) ?? []);
            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumn("Provider").AddColumn("Model").AddColumn("Result").AddColumn(new TableColumn("Latency").RightAligned()).AddColumn(new TableColumn("Cost").RightAligned());
            int failures = 0;
            var fixes = new List<string>();
            foreach (string name in chosen)
            {
                ProviderProbeResult result = await ProviderProbe.RunAsync(context.Get<PurserPipeline>(), name, context.Options.Providers[name], parse.GetValue(model), cancellationToken);
                failures += result.Ok || result.Skipped is not null ? 0 : 1;
                table.AddRow(
                    Markup.Escape(name),
                    Markup.Escape(result.Model ?? "-"),
                    Outcome(result),
                    result.Latency is { } latency ? Milliseconds(latency) : "-",
                    Markup.Escape(Cost(result.CostUsd, result.Skipped is null)));
                if (result.Fix is { } fix)
                {
                    fixes.Add($"{name}: {fix}");
                }
            }

            console.Write(table);
            foreach (string fix in fixes)
            {
                console.MarkupLineInterpolated($"[grey]  fix {fix}[/]");
            }

            return failures == 0 ? 0 : 1;
        });
        return command;
    }

    internal static CliContext OpenContext(CliEnvironment environment, string? configFile) =>
        CliContext.Create(environment, configFile is null ? null : environment.FullPath(configFile), ProbeSettings.Overrides);

    private static List<string> Choose(PurserOptions options, string[] names)
    {
        if (names.Length == 0)
        {
            return [.. options.Providers.Keys.Order(StringComparer.Ordinal)];
        }

        var chosen = new List<string>();
        foreach (string name in names)
        {
            string? found = options.Providers.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new CliException($"No provider named '{name}'. Configured: {string.Join(", ", options.Providers.Keys.Order(StringComparer.Ordinal))}.", 2);
            chosen.Add(found);
        }

        return chosen;
    }

    internal static string Outcome(ProviderProbeResult result) =>
        result.Skipped is { } skipped ? $"[yellow]skipped: {Markup.Escape(skipped)}[/]"
        : result.Error is { } error ? $"[red]{Markup.Escape(error.Kind.ToName())}: {Markup.Escape(error.Message)}[/]"
        : $"[green]ok[/] {Markup.Escape(result.Answer ?? "")}";

    internal static string Milliseconds(TimeSpan latency) => latency.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    internal static string Cost(decimal? cost, bool called) =>
        !called ? "-" : cost is { } usd ? CostFormatter.Format(usd, 8) : "unpriced";
}
