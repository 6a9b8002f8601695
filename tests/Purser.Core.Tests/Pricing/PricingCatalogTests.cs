using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Purser.Pricing;
using Purser.Usage;

namespace Purser.Core.Tests.Pricing;

public sealed class PricingCatalogTests
{
    private static readonly PricingCatalog BuiltIn = PricingCatalog.LoadBuiltIn();

    private static IConfigurationSection Pricing(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("Purser:Pricing:" + v.Key, v.Value)))
            .Build()
            .GetSection(PricingCatalog.SectionName);

    [Fact]
    public void LoadBuiltIn_Catalog_HasUpdatedDateAndSources()
    {
        BuiltIn.Updated.ShouldBeGreaterThanOrEqualTo(new DateOnly(2026, 11, 1));
        BuiltIn.Sources.ShouldNotBeEmpty();
        BuiltIn.Sources.ShouldAllBe(s => s.Key.Length > 0 && s.Url.Length > 0 && s.Read != default);
    }

    [Theory]
    [InlineData("openai/gpt-5")]
    [InlineData("openai/gpt-5-mini")]
    [InlineData("openai/gpt-5-nano")]
    [InlineData("openai/gpt-4.1")]
    [InlineData("openai/gpt-4.1-mini")]
    [InlineData("openai/gpt-4.1-nano")]
    [InlineData("openai/gpt-4o")]
    [InlineData("openai/gpt-4o-mini")]
    [InlineData("openai/o1")]
    [InlineData("openai/o3")]
    [InlineData("openai/o3-mini")]
    [InlineData("openai/o4-mini")]
    [InlineData("anthropic/claude-opus-4-1")]
    [InlineData("anthropic/claude-opus-4")]
    [InlineData("anthropic/claude-sonnet-4-5")]
    [InlineData("anthropic/claude-sonnet-4")]
    [InlineData("anthropic/claude-haiku-4-5")]
    [InlineData("anthropic/claude-3-7-sonnet")]
    [InlineData("anthropic/claude-3-5-sonnet")]
    [InlineData("anthropic/claude-3-5-haiku")]
    [InlineData("gemini/gemini-2.5-pro")]
    [InlineData("gemini/gemini-2.5-flash")]
    [InlineData("gemini/gemini-2.5-flash-lite")]
    [InlineData("gemini/gemini-2.0-flash")]
    [InlineData("xai/grok-4")]
    [InlineData("xai/grok-3")]
    [InlineData("xai/grok-3-mini")]
    [InlineData("xai/grok-beta")]
    [InlineData("deepseek/deepseek-chat")]
    [InlineData("deepseek/deepseek-reasoner")]
    [InlineData("mistral/mistral-large")]
    [InlineData("mistral/mistral-medium")]
    [InlineData("mistral/mistral-small")]
    [InlineData("mistral/codestral")]
    public void Find_ModelTheIssueNames_IsPricedWithLimits(string id)
    {
        ModelPrice? price = BuiltIn.Find(id);

        price.ShouldNotBeNull();
        price.Id.ShouldBe(id);
        price.Output.ShouldBeGreaterThan(0m);
        price.ContextWindow.ShouldNotBeNull();
    }

    [Fact]
    public void Find_GrokBeta_HasTheSeedPrices()
    {
        ModelPrice price = BuiltIn.Find("grok-beta")!;

        price.Input.ShouldBe(5m);
        price.Output.ShouldBe(15m);
    }

    [Fact]
    public void LoadBuiltIn_EveryEntry_IsConsistent()
    {
        var sourceKeys = BuiltIn.Sources.Select(s => s.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (ModelPrice price in BuiltIn.Models)
        {
            string id = price.Id!;
            sourceKeys.ShouldContain(price.Source!, id);
            price.EffectiveCachedInput.ShouldBeLessThanOrEqualTo(price.Input, id);
            if (price.LongContext is { } tier)
            {
                tier.Threshold.ShouldBeGreaterThan(0, id);
                tier.Input.ShouldBeGreaterThanOrEqualTo(price.Input, id);
                tier.Output.ShouldBeGreaterThanOrEqualTo(price.Output, id);
            }

            if (!price.Verified)
            {
                price.Notes.ShouldNotBeNullOrWhiteSpace($"{id} is unverified and must say why");
            }
        }
    }

    [Fact]
    public void LoadBuiltIn_EveryIdBareNameAndAlias_ResolvesToItsOwnEntry()
    {
        foreach (ModelPrice price in BuiltIn.Models)
        {
            string id = price.Id!;
            string bare = id[(id.IndexOf('/', StringComparison.Ordinal) + 1)..];
            BuiltIn.Find(id).ShouldBeSameAs(price, id);
            BuiltIn.Find(bare).ShouldBeSameAs(price, bare);
            foreach (string alias in price.Aliases)
            {
                BuiltIn.Find(alias).ShouldBeSameAs(price, $"alias {alias} of {id}");
            }
        }
    }

    [Fact]
    public void LoadBuiltIn_AnthropicEntries_ListTheFiveMinuteCacheWriteAtOneAndAQuarterTimesInput()
    {
        foreach (ModelPrice price in BuiltIn.Models.Where(p => p.Id!.StartsWith("anthropic/", StringComparison.Ordinal)))
        {
            price.CacheWrite.ShouldBe(price.Input * 1.25m, price.Id);
        }
    }

    [Theory]
    [InlineData("gpt-4o-2024-08-06", "openai/gpt-4o")]
    [InlineData("GPT-4O", "openai/gpt-4o")]
    [InlineData("gpt-4o-2024-05-13", "openai/gpt-4o-2024-05-13")]
    [InlineData("claude-sonnet-4-5-20250929", "anthropic/claude-sonnet-4-5")]
    [InlineData("claude-3-7-sonnet-latest", "anthropic/claude-3-7-sonnet")]
    [InlineData("claude-3-5-haiku-20241022", "anthropic/claude-3-5-haiku")]
    [InlineData("grok-4-0709", "xai/grok-4")]
    [InlineData("gemini-2.0-flash-001", "gemini/gemini-2.0-flash")]
    [InlineData("mistral-large-latest", "mistral/mistral-large")]
    [InlineData("mistral-large-2411", "mistral/mistral-large-2411")]
    [InlineData("codestral-2508", "mistral/codestral")]
    public void Find_AliasOrSnapshotName_ResolvesToItsEntry(string model, string expectedId)
    {
        BuiltIn.Find(model)?.Id.ShouldBe(expectedId);
        BuiltIn.Find(model).ShouldNotBeNull();
    }

    [Theory]
    [InlineData("xai", "grok-4", "xai/grok-4")]
    [InlineData("anthropic", "claude-sonnet-4-5-20250929", "anthropic/claude-sonnet-4-5")]
    [InlineData("openrouter", "x-ai/grok-4", "xai/grok-4")]
    [InlineData("openrouter", "anthropic/claude-sonnet-4.5", "anthropic/claude-sonnet-4-5")]
    [InlineData("openrouter", "anthropic/claude-3.5-haiku", "anthropic/claude-3-5-haiku")]
    [InlineData("openrouter", "google/gemini-2.5-pro", "gemini/gemini-2.5-pro")]
    [InlineData("openrouter", "mistralai/codestral-2508", "mistral/codestral")]
    [InlineData("openrouter", "openai/gpt-4o-mini", "openai/gpt-4o-mini")]
    [InlineData("gemini", "models/gemini-2.5-flash", "gemini/gemini-2.5-flash")]
    [InlineData("my-grok", "grok-3-mini", "xai/grok-3-mini")]
    [InlineData("openai", "gpt-4.1-2026-01-15", "openai/gpt-4.1")]
    [InlineData(null, "openai/gpt-5", "openai/gpt-5")]
    public void Find_ConfiguredProviderAndServedModel_FallsBackToTheCatalogEntry(string? provider, string model, string expectedId)
    {
        ModelPrice? price = BuiltIn.Find(provider, model);

        price.ShouldNotBeNull();
        price.Id.ShouldBe(expectedId);
    }

    [Theory]
    [InlineData(null, "no-such-model")]
    [InlineData("openai", "gpt-99")]
    [InlineData("openrouter", "meta-llama/llama-3.1-8b-instruct")]
    [InlineData(null, "")]
    public void Find_UnknownModel_IsNull(string? provider, string model)
    {
        BuiltIn.Find(provider, model).ShouldBeNull();
    }

    [Fact]
    public void Compute_UnknownModel_IsUnknownAndLogsAWarningNamingTheModel()
    {
        var logger = new RecordingLogger();

        CostResult cost = BuiltIn.Compute(new TokenUsage(1_000, 500), "openrouter", "meta-llama/llama-3.1-8b-instruct", logger);

        cost.IsKnown.ShouldBeFalse();
        cost.Total.ShouldBeNull();
        var entry = logger.Entries.ShouldHaveSingleItem();
        entry.Level.ShouldBe(LogLevel.Warning);
        entry.EventId.Id.ShouldBe(1101);
        entry.Message.ShouldContain("openrouter/meta-llama/llama-3.1-8b-instruct");
        entry.Message.ShouldContain("unknown");
    }

    [Fact]
    public void Compute_KnownModel_PricesAndLogsNothing()
    {
        var logger = new RecordingLogger();

        CostResult cost = BuiltIn.Compute(new TokenUsage(1_000, 500), "xai", "grok-beta", logger);

        cost.Total.ShouldBe(0.0125m);
        logger.Entries.ShouldBeEmpty();
    }

    [Fact]
    public void Load_OverrideOfOnePrice_KeepsTheEntrysOtherFieldsAndAliases()
    {
        var catalog = PricingCatalog.Load(Pricing(("openai/gpt-4o:Input", "2")));

        ModelPrice price = catalog.Find("gpt-4o-2024-08-06")!;
        price.Id.ShouldBe("openai/gpt-4o");
        price.Input.ShouldBe(2m);
        price.Output.ShouldBe(10m);
        price.CachedInput.ShouldBe(1.25m);
        price.ContextWindow.ShouldBe(128_000);
        price.Source.ShouldBe("configuration");
        BuiltIn.Find("gpt-4o")!.Input.ShouldBe(2.50m);
    }

    [Fact]
    public void Load_SelfHostedModelAtZero_IsAKnownZeroDistinctFromUnknown()
    {
        var catalog = PricingCatalog.Load(Pricing(("ollama/llama3:Input", "0"), ("ollama/llama3:Output", "0")));

        CostResult selfHosted = catalog.Compute(new TokenUsage(1_000, 500), "ollama", "llama3:latest");
        CostResult unlisted = catalog.Compute(new TokenUsage(1_000, 500), "ollama", "qwen3");

        selfHosted.IsKnown.ShouldBeTrue();
        selfHosted.Total.ShouldBe(0m);
        selfHosted.PricedAs.ShouldBe("ollama/llama3");
        unlisted.IsKnown.ShouldBeFalse();
        unlisted.Total.ShouldBeNull();
    }

    [Fact]
    public void Load_NewModelWithAliasesAndLongContext_IsFoundByAliasAndUsesItsTier()
    {
        var catalog = PricingCatalog.Load(Pricing(
            ("together/qwen3-coder:Input", "1"),
            ("together/qwen3-coder:Output", "2"),
            ("together/qwen3-coder:Aliases:0", "Qwen/Qwen3-Coder-480B"),
            ("together/qwen3-coder:LongContext:Threshold", "100"),
            ("together/qwen3-coder:LongContext:Input", "3"),
            ("together/qwen3-coder:LongContext:Output", "4")));

        ModelPrice price = catalog.Find("together", "Qwen/Qwen3-Coder-480B")!;
        price.Id.ShouldBe("together/qwen3-coder");

        // 101 × 3 + 10 × 4 = 343 per 1M.
        CostCalculator.Compute(new TokenUsage(101, 10), price).Total.ShouldBe(0.000343m);
    }

    [Fact]
    public void Load_AliasAddedToBuiltInEntry_ResolvesAndKeepsBuiltInAliases()
    {
        var catalog = PricingCatalog.Load(Pricing(("anthropic/claude-sonnet-4-5:Aliases", "sonnet, my-sonnet")));

        catalog.Find("my-sonnet")!.Id.ShouldBe("anthropic/claude-sonnet-4-5");
        catalog.Find("claude-sonnet-4-5-20250929")!.Id.ShouldBe("anthropic/claude-sonnet-4-5");
        catalog.Find("my-sonnet")!.Input.ShouldBe(3m);
    }

    [Fact]
    public void Load_ProviderSpecificEntry_WinsForThatProviderOnly()
    {
        var catalog = PricingCatalog.Load(Pricing(
            ("openrouter/x-ai/grok-4:Input", "3.3"),
            ("openrouter/x-ai/grok-4:Output", "16.5"),
            ("local/gpt-4o:Input", "0"),
            ("local/gpt-4o:Output", "0")));

        catalog.Find("openrouter", "x-ai/grok-4")!.Input.ShouldBe(3.3m);
        catalog.Find("xai", "grok-4")!.Input.ShouldBe(3m);
        catalog.Find("local", "gpt-4o")!.Input.ShouldBe(0m);
        catalog.Find("gpt-4o")!.Id.ShouldBe("openai/gpt-4o");
    }

    [Fact]
    public void Load_WithLogger_LogsOverridesAndAdditions()
    {
        var logger = new RecordingLogger();

        PricingCatalog.Load(Pricing(("openai/gpt-4o:Input", "2"), ("ollama/llama3:Input", "0"), ("ollama/llama3:Output", "0")), logger);

        logger.Entries.ShouldContain(e => e.EventId.Id == 1102 && e.Message.Contains("openai/gpt-4o", StringComparison.Ordinal));
        logger.Entries.ShouldContain(e => e.EventId.Id == 1103 && e.Message.Contains("ollama/llama3", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("openai/gpt-4o:Input", "-1", "Purser:Pricing:openai/gpt-4o:Input must be >= 0")]
    [InlineData("openai/gpt-4o:Output", "ten", "Purser:Pricing:openai/gpt-4o:Output must be a number")]
    [InlineData("openai/gpt-4o:CachedInputs", "1", "Purser:Pricing:openai/gpt-4o:CachedInputs is not a pricing field")]
    [InlineData("openai/gpt-4o:ContextWindow", "1.5", "Purser:Pricing:openai/gpt-4o:ContextWindow must be a whole number")]
    [InlineData("openai/gpt-4o:MaxOutput", "0", "Purser:Pricing:openai/gpt-4o:MaxOutput must be > 0")]
    [InlineData("openai/gpt-4o:Verified", "maybe", "Purser:Pricing:openai/gpt-4o:Verified must be true or false")]
    [InlineData("openai/gpt-4o:Input:Value", "1", "Purser:Pricing:openai/gpt-4o:Input must be a number (USD per 1M tokens), not a section")]
    [InlineData("openai/gpt-4o:LongContext:Input", "4", "Purser:Pricing:openai/gpt-4o:LongContext:Threshold is required")]
    [InlineData("openai/gpt-4o:LongContext:Limit", "4", "Purser:Pricing:openai/gpt-4o:LongContext:Limit is not a long-context field")]
    [InlineData("ollama/llama3:Output", "0", "Purser:Pricing:ollama/llama3:Input is required for a model that is not in the built-in catalog")]
    [InlineData("gpt-4o:Input", "1", "Purser:Pricing:gpt-4o must be named provider/model")]
    [InlineData("openai/gpt-4o", "1", "Purser:Pricing:openai/gpt-4o must be a section")]
    public void Validate_InvalidEntry_ReportsAnErrorNamingTheKey(string key, string value, string expectedStart)
    {
        IReadOnlyList<string> errors = PricingCatalog.Validate(Pricing((key, value)));

        errors.ShouldNotBeEmpty();
        errors[0].ShouldStartWith(expectedStart);
        errors.ShouldAllBe(e => e.StartsWith("Purser:Pricing:", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_SeveralInvalidEntries_ThrowsWithEveryError()
    {
        IConfigurationSection section = Pricing(("openai/gpt-4o:Input", "-1"), ("xai/grok-4:Output", "x"), ("new/model:Output", "1"));

        var exception = Should.Throw<PricingValidationException>(() => PricingCatalog.Load(section));

        exception.Errors.Count.ShouldBe(3);
        exception.Errors.ShouldBe(PricingCatalog.Validate(section));
        exception.Message.ShouldContain("Purser:Pricing:openai/gpt-4o:Input must be >= 0");
        exception.Message.ShouldContain("Purser:Pricing:xai/grok-4:Output must be a number");
        exception.Message.ShouldContain("Purser:Pricing:new/model:Input is required");
    }

    [Fact]
    public void Validate_ValidOrMissingConfiguration_HasNoErrors()
    {
        PricingCatalog.Validate(null).ShouldBeEmpty();
        PricingCatalog.Validate(Pricing(("openai/gpt-4o:Input", "2.5"), ("openai/gpt-4o:Aliases:0", "four-oh"))).ShouldBeEmpty();
    }

    [Fact]
    public void Load_PriceWithExponentOrWhitespace_IsParsedInvariantly()
    {
        var catalog = PricingCatalog.Load(Pricing(("local/tiny:Input", " 1e-1 "), ("local/tiny:Output", "0.4")));

        catalog.Find("local/tiny")!.Input.ShouldBe(0.1m);
    }
}
