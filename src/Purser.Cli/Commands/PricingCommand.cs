using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Cli.Hosting;
using Purser.Pricing;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary><c>purser pricing list|show &lt;model&gt;</c>: the catalog merged with your configuration.</summary>
internal static class PricingCommand
{
    public static Command Create(IAnsiConsole console, CliEnvironment environment)
    {
        var command = new Command("pricing", "Model prices (USD per 1M tokens): the shipped catalog plus Purser:Pricing overrides");

        var provider = new Option<string?>("--provider") { Description = "Only this provider's models" };
        var listJson = GlobalOptions.Json();
        var list = new Command("list", "List every priced model") { provider, listJson };
        list.SetAction(async (parse, _) =>
        {
            await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
            PricingCatalog catalog = context.Get<PricingCatalog>();
            string? only = parse.GetValue(provider);
            var models = catalog.Models.Where(m => only is null || (m.Id ?? "").StartsWith(only + "/", StringComparison.OrdinalIgnoreCase)).OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
            if (parse.GetValue(listJson))
            {
                console.Profile.Out.Writer.WriteLine(new JsonObject
                {
                    ["updated"] = catalog.Updated.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["models"] = new JsonArray([.. models.Select(ToJson)]),
                }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded).Title($"[bold]Prices, USD per 1M tokens[/] (catalog updated {catalog.Updated:yyyy-MM-dd})");
            table.AddColumn("Model").AddColumn(new TableColumn("Input").RightAligned()).AddColumn(new TableColumn("Cached").RightAligned())
                .AddColumn(new TableColumn("Cache write").RightAligned()).AddColumn(new TableColumn("Output").RightAligned())
                .AddColumn(new TableColumn("Context").RightAligned()).AddColumn(new TableColumn("Max out").RightAligned());
            foreach (ModelPrice m in models)
            {
                table.AddRow(Markup.Escape(m.Id ?? "?") + (m.Verified ? "" : " [yellow]*[/]"), P(m.Input), P(m.EffectiveCachedInput), P(m.EffectiveCacheWrite), P(m.Output),
                    m.ContextWindow?.ToString("N0", CultureInfo.InvariantCulture) ?? "-", m.MaxOutputTokens?.ToString("N0", CultureInfo.InvariantCulture) ?? "-");
            }

            console.Write(table);
            if (models.Any(m => !m.Verified))
            {
                console.MarkupLine("[yellow]*[/] [grey]a figure of this entry could not be confirmed from the provider's own page; see docs/PRICING.md.[/]");
            }

            return 0;
        });

        var model = new Argument<string>("model") { Description = "provider/model, a bare model name or an alias of one" };
        var showJson = GlobalOptions.Json();
        var show = new Command("show", "Show one model's prices") { model, showJson };
        show.SetAction(async (parse, _) =>
        {
            await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
            string name = parse.GetValue(model)!;
            ModelPrice price = context.Get<PricingCatalog>().Find(name)
                ?? throw new CliException($"No price for '{name}'. Add one under Purser:Pricing:<provider/model> (see docs/PRICING.md).", 1);
            if (parse.GetValue(showJson))
            {
                console.Profile.Out.Writer.WriteLine(ToJson(price).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }

            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("Input", P(price.Input));
            grid.AddRow("Cached input", P(price.EffectiveCachedInput));
            grid.AddRow("Cache write", P(price.EffectiveCacheWrite));
            grid.AddRow("Output", P(price.Output));
            grid.AddRow("Reasoning", P(price.EffectiveReasoning));
            grid.AddRow("Context window", price.ContextWindow?.ToString("N0", CultureInfo.InvariantCulture) ?? "-");
            grid.AddRow("Max output", price.MaxOutputTokens?.ToString("N0", CultureInfo.InvariantCulture) ?? "-");
            if (price.LongContext is { } tier)
            {
                grid.AddRow($"Over {tier.Threshold:N0} prompt tokens", $"input {P(tier.Input)}, output {P(tier.Output)}");
            }

            grid.AddRow("Aliases", Markup.Escape(string.Join(", ", price.Aliases)));
            grid.AddRow("Source", Markup.Escape(price.Source ?? "-") + (price.Verified ? "" : " [yellow](not confirmed)[/]"));
            console.Write(new Panel(grid).Header($"[bold]{Markup.Escape(price.Id ?? name)}[/] — USD per 1M tokens"));
            return 0;
        });

        command.Subcommands.Add(list);
        command.Subcommands.Add(show);
        return command;
    }

    private static JsonNode ToJson(ModelPrice m) => new JsonObject
    {
        ["id"] = m.Id,
        ["input"] = m.Input,
        ["cached_input"] = m.EffectiveCachedInput,
        ["cache_write"] = m.EffectiveCacheWrite,
        ["output"] = m.Output,
        ["reasoning"] = m.EffectiveReasoning,
        ["context_window"] = m.ContextWindow,
        ["max_output_tokens"] = m.MaxOutputTokens,
        ["verified"] = m.Verified,
        ["aliases"] = new JsonArray([.. m.Aliases.Select(a => (JsonNode)a)]),
    };

    private static string P(decimal usd) => "$" + usd.ToString("0.00####", CultureInfo.InvariantCulture);
}
