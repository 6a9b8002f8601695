using System.Text.Json.Nodes;

namespace Purser.Cli.Tests.Commands;

public sealed class PricingPromptsTokensCommandTests
{
    [Fact]
    public async Task PricingShow_PrintsTheCatalogPriceAndHonoursOverrides()
    {
        using var cli = new CliRunner();
        await File.WriteAllTextAsync(Path.Combine(cli.Home, "purser.json"), """{"Purser":{"Pricing":{"local/llama3":{"Input":0,"Output":0}}}}""");

        var (code, output) = await cli.RunAsync("pricing", "show", "xai/grok-beta", "--json");
        var (localCode, local) = await cli.RunAsync("pricing", "show", "local/llama3", "--json");
        var (missingCode, missing) = await cli.RunAsync("pricing", "show", "acme/unknown-model");

        code.ShouldBe(0, output);
        JsonNode.Parse(output)!["input"]!.GetValue<decimal>().ShouldBe(5m);
        JsonNode.Parse(output)!["output"]!.GetValue<decimal>().ShouldBe(15m);
        localCode.ShouldBe(0, local);
        JsonNode.Parse(local)!["output"]!.GetValue<decimal>().ShouldBe(0m);
        missingCode.ShouldBe(1);
        missing.ShouldContain("Purser:Pricing");
    }

    [Fact]
    public async Task PricingList_FiltersByProvider()
    {
        using var cli = new CliRunner();

        var (code, output) = await cli.RunAsync("pricing", "list", "--provider", "anthropic", "--json");

        code.ShouldBe(0, output);
        JsonArray models = JsonNode.Parse(output)!["models"]!.AsArray();
        models.Count.ShouldBeGreaterThan(3);
        models.ShouldAllBe(m => m!["id"]!.GetValue<string>().StartsWith("anthropic/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PromptsRender_UsesVariablesAndAUserOverride()
    {
        using var cli = new CliRunner();
        await File.WriteAllTextAsync(Path.Combine(cli.Home, "prompts.json"), """{"prompts":{"qa":{"temperature":0.9}}}""");

        var (code, output) = await cli.RunAsync("prompts", "render", "qa", "--var", "question=Why is the sky blue?");
        var (showCode, show) = await cli.RunAsync("prompts", "show", "qa", "--json");
        var (missingCode, missing) = await cli.RunAsync("prompts", "render", "qa");

        code.ShouldBe(0, output);
        output.ShouldContain("Why is the sky blue?");
        showCode.ShouldBe(0, show);
        JsonNode.Parse(show)!["temperature"]!.GetValue<double>().ShouldBe(0.9);
        missingCode.ShouldBe(2);
        missing.ShouldContain("question");
    }

    [Fact]
    public async Task Tokens_CountsAFileExactlyForOpenAIModelsAndEstimatesOthers()
    {
        using var cli = new CliRunner();
        await File.WriteAllTextAsync(Path.Combine(cli.Home, "prose.txt"), "hello world");

        var (code, output) = await cli.RunAsync("tokens", "prose.txt", "--json");
        var (claudeCode, claude) = await cli.RunAsync("tokens", "prose.txt", "--model", "claude-sonnet-4-5", "--json");
        var (missingCode, _) = await cli.RunAsync("tokens", "nope.txt");

        code.ShouldBe(0, output);
        JsonNode.Parse(output)!["tokens"]!.GetValue<long>().ShouldBe(2); // "hello", " world" in o200k_base
        JsonNode.Parse(output)!["exact"]!.GetValue<bool>().ShouldBeTrue();
        claudeCode.ShouldBe(0, claude);
        JsonNode.Parse(claude)!["exact"]!.GetValue<bool>().ShouldBeFalse();
        missingCode.ShouldBe(2);
    }
}
