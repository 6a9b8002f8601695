using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Purser.Configuration;
using Purser.Core.Tests.Prompts;
using Purser.Routing;

namespace Purser.Core.Tests.Routing;

public sealed class RoutingCascadeTests : IDisposable
{
    private readonly TempFolder _home = new();
    private readonly Purser.Tests.ManualTimeProvider _time = new();

    public void Dispose() => _home.Dispose();

    private PurserOptions Load(Dictionary<string, string?> values)
    {
        values["Purser:Home"] = _home.Path;
        values.TryAdd("Purser:Providers:openai:Kind", "openai");
        values.TryAdd("Purser:Providers:gemini:Kind", "gemini");
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return PurserOptionsLoader.Load(configuration, name => name == "PURSER_HOME" ? _home.Path : null);
    }

    private RoutingCascade Cascade(PurserOptions options) => new(options, _time, NullLogger<RoutingCascade>.Instance);

    [Fact]
    public void Resolve_NothingConfigured_BuiltInDefaults()
    {
        EffectiveCascade effective = Cascade(Load([])).Resolve("acme", "coder");

        effective.Model.ShouldBe("auto");
        effective.Sources["model"].ShouldBe("built-in default");
        effective.Provider.ShouldBeNull();
        effective.BudgetShare.ShouldBe(1m);
        effective.Sources.ContainsKey("temperature").ShouldBeFalse();
    }

    [Fact]
    public void Resolve_SystemThenProjectThenAgent_NearestWinsAndSaysWhere()
    {
        RoutingCascade cascade = Cascade(Load(new()
        {
            ["Purser:Routing:Defaults:Model"] = "cheap",
            ["Purser:Routing:Defaults:Temperature"] = "0.2",
            ["Purser:Routing:Defaults:PromptAddition"] = "Be brief.",
            ["Purser:Routing:Projects:acme:Model"] = "smart",
            ["Purser:Routing:Projects:acme:MaxTokens"] = "2000",
            ["Purser:Routing:Projects:acme:Agents:researcher:Model"] = "gemini/gemini-2.5-flash",
            ["Purser:Routing:Agents:researcher:Provider"] = "gemini",
            ["Purser:Routing:Agents:researcher:MaxTokens"] = "500",
        }));

        EffectiveCascade coder = cascade.Resolve("acme", "coder");
        EffectiveCascade researcher = cascade.Resolve("acme", "researcher");
        EffectiveCascade elsewhere = cascade.Resolve("other", "researcher");

        coder.Model.ShouldBe("smart");
        coder.Sources["model"].ShouldBe("project acme (configuration)");
        coder.Temperature.ShouldBe(0.2);
        coder.Sources["temperature"].ShouldBe("system (configuration)");
        coder.MaxTokens.ShouldBe(2000);
        coder.PromptAddition.ShouldBe("Be brief.");
        researcher.Model.ShouldBe("gemini/gemini-2.5-flash");
        researcher.Sources["model"].ShouldBe("project acme, agent researcher (configuration)");
        researcher.Provider.ShouldBe("gemini");
        researcher.MaxTokens.ShouldBe(500);
        researcher.Sources["maxTokens"].ShouldBe("agent researcher (configuration)");
        elsewhere.Model.ShouldBe("cheap");
    }

    [Fact]
    public void Resolve_BudgetShares_MultiplyAlongThePath()
    {
        RoutingCascade cascade = Cascade(Load(new()
        {
            ["Purser:Routing:Projects:acme:BudgetShare"] = "0.5",
            ["Purser:Routing:Projects:acme:Agents:coder:BudgetShare"] = "0.2",
            ["Purser:Routing:Agents:coder:BudgetShare"] = "0.9",
        }));

        cascade.Resolve("acme", "coder").BudgetShare.ShouldBe(0.1m);
        cascade.Resolve("acme", null).BudgetShare.ShouldBe(0.5m);
        cascade.Resolve("other", "coder").BudgetShare.ShouldBe(0.9m);
        cascade.Resolve("acme", "coder").Sources["budgetShare"].ShouldBe("project acme (configuration) 0.5 × project acme, agent coder (configuration) 0.2");
    }

    [Fact]
    public void Resolve_EmptyPromptAddition_ClearsAnInheritedOne()
    {
        RoutingCascade cascade = Cascade(Load(new()
        {
            ["Purser:Routing:Defaults:PromptAddition"] = "Be brief.",
            ["Purser:Routing:Projects:acme:PromptAddition"] = "",
        }));

        cascade.Resolve("acme", null).PromptAddition.ShouldBeNull();
        cascade.Resolve("other", null).PromptAddition.ShouldBe("Be brief.");
    }

    [Fact]
    public void Import_WinsOverConfiguration_AndARunningCascadeSeesTheFileChange()
    {
        PurserOptions options = Load(new() { ["Purser:Routing:Projects:acme:Model"] = "smart", ["Purser:Routing:Projects:acme:MaxTokens"] = "100" });
        RoutingCascade gateway = Cascade(options);
        RoutingCascade cli = Cascade(options);

        cli.Import(RoutingCascade.Parse("""{"projects":{"acme":{"model":"fast"}}}""", options), merge: false);
        _time.Advance(TimeSpan.FromSeconds(2));
        EffectiveCascade effective = gateway.Resolve("acme", null);

        effective.Model.ShouldBe("fast");
        effective.Sources["model"].ShouldBe("project acme (routing.json)");
        effective.MaxTokens.ShouldBe(100); // still from configuration
    }

    [Fact]
    public void ExportThenImport_RoundTripsTheCascade()
    {
        PurserOptions options = Load(new()
        {
            ["Purser:Routing:Defaults:Model"] = "cheap",
            ["Purser:Routing:Projects:acme:BudgetShare"] = "0.25",
            ["Purser:Routing:Projects:acme:Agents:coder:Temperature"] = "0.7",
            ["Purser:Routing:Agents:reviewer:PromptAddition"] = "Cite line numbers.",
        });
        RoutingCascade source = Cascade(options);
        string exported = RoutingCascade.ToJson(source.Export());

        using var other = new TempFolder();
        var fresh = new PurserOptions { Home = other.Path };
        fresh.Providers["openai"] = new ProviderOptions { Kind = "openai" };
        RoutingCascade target = new(fresh, _time, NullLogger<RoutingCascade>.Instance);
        target.Import(RoutingCascade.Parse(exported, fresh), merge: false);

        RoutingCascade.ToJson(target.Export()).ShouldBe(exported);
        target.Resolve("acme", "coder").Temperature.ShouldBe(0.7);
        target.Resolve("acme", "coder").BudgetShare.ShouldBe(0.25m);
        exported.ShouldContain("\"budgetShare\": 0.25");
    }

    [Fact]
    public void Import_Merge_KeepsWhatTheDocumentDoesNotMention()
    {
        PurserOptions options = Load([]);
        RoutingCascade cascade = Cascade(options);
        cascade.Import(RoutingCascade.Parse("""{"projects":{"a":{"model":"smart"}},"agents":{"x":{"maxTokens":10}}}""", options), merge: false);

        cascade.Import(RoutingCascade.Parse("""{"projects":{"a":{"temperature":0.5},"b":{"model":"cheap"}}}""", options), merge: true);

        cascade.Resolve("a", "x").Model.ShouldBe("smart");
        cascade.Resolve("a", "x").Temperature.ShouldBe(0.5);
        cascade.Resolve("a", "x").MaxTokens.ShouldBe(10);
        cascade.Resolve("b", null).Model.ShouldBe("cheap");
    }

    [Theory]
    [InlineData("""{"projects":{"a":{"temperature":3}}}""", "projects.a.temperature must be between 0 and 2")]
    [InlineData("""{"projects":{"a":{"provider":"nowhere"}}}""", "projects.a.provider 'nowhere' is not a configured provider")]
    [InlineData("""{"system":{"budgetShare":0.5}}""", "system.budgetShare: the system level has the whole budget")]
    [InlineData("""{"projects":{"a":{"agents":{"b":{"maxTokens":0}}}}}""", "projects.a.agents.b.maxTokens must be at least 1")]
    [InlineData("""{"projects":{"a":{"modle":"x"}}}""", "not a cascade document")]
    [InlineData("""{"projects":{"a":{"model":"default"}}}""", "projects.a.model must name a model or alias")]
    public void Parse_InvalidDocument_ErrorsNameThePath(string json, string expected)
    {
        PurserOptions options = Load([]);

        var ex = Should.Throw<PurserConfigurationException>(() => RoutingCascade.Parse(json, options, "import.json"));

        ex.Errors.ShouldContain(e => e.Contains(expected, StringComparison.Ordinal) && e.StartsWith("import.json: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_InvalidFile_IsIgnoredAndReported()
    {
        File.WriteAllText(_home.File("routing.json"), """{"projects":{"a":{"temperature":9}}}""");

        RoutingCascade cascade = Cascade(Load([]));

        cascade.FileError.ShouldNotBeNull();
        cascade.FileError.ShouldContain("temperature");
        cascade.Resolve("a", null).Temperature.ShouldBeNull();
    }

    [Fact]
    public void Configuration_InvalidCascade_StopsStartUpNamingTheKey()
    {
        var ex = Should.Throw<PurserConfigurationException>(() => Load(new()
        {
            ["Purser:Routing:Projects:acme:MaxTokens"] = "0",
            ["Purser:Routing:Agents:bot:Provider"] = "missing",
            ["Purser:Models:default:Targets:0"] = "openai/gpt-4o",
        }));

        ex.Errors.ShouldContain("Purser:Routing:Projects:acme:MaxTokens must be at least 1.");
        ex.Errors.ShouldContain(e => e.StartsWith("Purser:Routing:Agents:bot:Provider 'missing'", StringComparison.Ordinal));
        ex.Errors.ShouldContain(e => e.StartsWith("Purser:Models:default:", StringComparison.Ordinal));
    }
}
