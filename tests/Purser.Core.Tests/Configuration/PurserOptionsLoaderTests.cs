using Microsoft.Extensions.Configuration;
using Purser.Configuration;

namespace Purser.Core.Tests.Configuration;

public sealed class PurserOptionsLoaderTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private static PurserOptions Load(params (string Key, string? Value)[] values) =>
        PurserOptionsLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, v.Value))).Build(), NoEnvironment);

    private static IReadOnlyList<string> ErrorsOf(params (string Key, string? Value)[] values) =>
        Should.Throw<PurserConfigurationException>(() => Load(values)).Errors;

    [Fact]
    public void Load_CompleteProvider_BindsEveryKey()
    {
        PurserOptions options = Load(
            ("Purser:Providers:work:Kind", "openai"),
            ("Purser:Providers:work:BaseUrl", "http://127.0.0.1:8000/v1"),
            ("Purser:Providers:work:ApiKey", "literal-test-value"),
            ("Purser:Providers:work:Models:0", "m1"),
            ("Purser:Providers:work:TimeoutSeconds", "12"),
            ("Purser:Providers:work:Headers:X-Title", "Purser"),
            ("Purser:Models:fav:Targets:0", "work/m1"));

        ProviderOptions work = options.Providers["work"];
        work.Kind.ShouldBe("openai");
        work.BaseUrl.ShouldBe("http://127.0.0.1:8000/v1");
        work.Models.ShouldBe(["m1"]);
        work.TimeoutSeconds.ShouldBe(12);
        work.Headers["X-Title"].ShouldBe("Purser");
        options.Models["fav"].Targets.ShouldBe(["work/m1"]);
        options.Providers.ShouldContainKey("simulated");
    }

    [Fact]
    public void Load_ProviderValueOfTheWrongType_StopsNamingTheKeyInsteadOfDroppingTheProvider()
    {
        IReadOnlyList<string> errors = ErrorsOf(("Purser:Providers:work:Kind", "anthropic"), ("Purser:Providers:work:TimeoutSeconds", "abc"));

        errors.ShouldHaveSingleItem().ShouldContain("Purser:Providers:work:TimeoutSeconds");
    }

    [Fact]
    public void Load_NestedSimulatedValueOfTheWrongType_NamesTheKey()
    {
        IReadOnlyList<string> errors = ErrorsOf(("Purser:Providers:demo:Kind", "simulated"), ("Purser:Providers:demo:Simulated:LatencyMs", "slow"));

        errors.ShouldHaveSingleItem().ShouldContain("Purser:Providers:demo:Simulated:LatencyMs");
    }

    [Fact]
    public void Load_ProviderThatIsAPlainValue_NamesTheKey()
    {
        IReadOnlyList<string> errors = ErrorsOf(("Purser:Providers:oops", "openai"));

        errors.ShouldHaveSingleItem().ShouldContain("Purser:Providers:oops");
    }

    [Theory]
    [InlineData("Kind", "openia", "Purser:Providers:p:Kind 'openia' is not a provider kind")]
    [InlineData("BaseUrl", "not a url", "Purser:Providers:p:BaseUrl 'not a url' is not an absolute http(s) URL")]
    [InlineData("TimeoutSeconds", "0", "Purser:Providers:p:TimeoutSeconds must be between 1 and 3600")]
    [InlineData("ApiKey", "env:PURSER_TEST_UNSET_VARIABLE", "Purser:Providers:p:ApiKey reads environment variable PURSER_TEST_UNSET_VARIABLE")]
    public void Load_InvalidProviderSetting_NamesTheKey(string setting, string value, string expected)
    {
        var values = new List<(string, string?)>();
        if (setting != "BaseUrl")
        {
            values.Add(("Purser:Providers:p:BaseUrl", "http://127.0.0.1:1/v1"));
        }

        if (setting != "Kind")
        {
            values.Add(("Purser:Providers:p:Kind", "openai"));
        }

        values.Add(($"Purser:Providers:p:{setting}", value));

        ErrorsOf([.. values]).ShouldContain(e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_AliasTargetNotProviderSlashModel_NamesTheKey()
    {
        ErrorsOf(("Purser:Models:fav:Targets:0", "nomodel")).ShouldContain(e => e.StartsWith("Purser:Models:fav:Targets:0 'nomodel'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Purser:Models:fav:Strategy", "random", "Purser:Models:fav:Strategy 'random' is not a strategy")]
    [InlineData("Purser:Models:fav:PerTarget:p/m:Weight", "0", "Purser:Models:fav:PerTarget:p/m:Weight must be between 1 and 1000000")]
    [InlineData("Purser:Models:fav:PerTarget:p/m:Rpm", "0", "Purser:Models:fav:PerTarget:p/m: Rpm and Tpm must be at least 1")]
    [InlineData("Purser:Models:fav:PerTarget:q/other:Weight", "2", "Purser:Models:fav:PerTarget:q/other: 'q/other' is not one of the alias's Targets")]
    [InlineData("Purser:RateLimits:Users:*:Rpm", "0", "Purser:RateLimits:Users:*:Rpm must be at least 1")]
    [InlineData("Purser:RateLimits:Global:Tpd", "-5", "Purser:RateLimits:Global:Tpd must be at least 1")]
    public void Load_InvalidBalancingOrRateLimitSetting_NamesTheKey(string key, string value, string expected)
    {
        ErrorsOf(("Purser:Models:fav:Targets:0", "p/m"), (key, value)).ShouldContain(e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Purser:Database:LockTimeoutSeconds", "0", "Purser:Database:LockTimeoutSeconds must be between 1 and 300")]
    [InlineData("Purser:Database:MaxSizeMegabytes", "0", "Purser:Database:MaxSizeMegabytes must be more than 0")]
    [InlineData("Purser:Ledger:WriteAttempts", "0", "Purser:Ledger:WriteAttempts must be between 1 and 10")]
    public void Load_InvalidStorageSetting_NamesTheKey(string key, string value, string expected)
    {
        ErrorsOf((key, value)).ShouldContain(e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ApiKeys_EachKeyValidatedByItsPath_AndNoErrorShowsAKey()
    {
        const string Secret = "sk-test-visible-if-leaked";
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Purser:Providers:pool:Kind"] = "openai",
            ["Purser:Providers:pool:BaseUrl"] = "http://127.0.0.1:1/v1",
            ["Purser:Providers:pool:ApiKeys:0"] = "env:PURSER_TEST_POOL_SET",
            ["Purser:Providers:pool:ApiKeys:1"] = "env:PURSER_TEST_POOL_UNSET",
            ["Purser:Providers:pool:ApiKeys:2"] = "env:",
            ["Purser:Providers:both:Kind"] = "openai",
            ["Purser:Providers:both:BaseUrl"] = "http://127.0.0.1:1/v1",
            ["Purser:Providers:both:ApiKey"] = Secret,
            ["Purser:Providers:both:ApiKeys:0"] = Secret,
        }).Build();

        IReadOnlyList<string> errors = Should.Throw<PurserConfigurationException>(() =>
            PurserOptionsLoader.Load(config, name => name == "PURSER_TEST_POOL_SET" ? Secret : null)).Errors;

        errors.ShouldContain("Purser:Providers:pool:ApiKeys:1 reads environment variable PURSER_TEST_POOL_UNSET, which is not set.");
        errors.ShouldContain("Purser:Providers:pool:ApiKeys:2 'env:' names no environment variable.");
        errors.ShouldContain("Purser:Providers:both: set ApiKey or ApiKeys, not both.");
        errors.ShouldNotContain(e => e.Contains("ApiKeys:0", StringComparison.Ordinal) && e.StartsWith("Purser:Providers:pool", StringComparison.Ordinal));
        errors.ShouldNotContain(e => e.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_ProviderWithSeveralKeys_OneDeploymentPerKeyInOrder_LabelledNotKeyed()
    {
        PurserOptions options = PurserOptionsLoader.Load(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Purser:Providers:pool:Kind"] = "openai",
                ["Purser:Providers:pool:BaseUrl"] = "http://127.0.0.1:1/v1",
                ["Purser:Providers:pool:ApiKeys:0"] = "literal-one",
                ["Purser:Providers:pool:ApiKeys:1"] = "literal-two",
                ["Purser:Providers:pool:Models:0"] = "pm",
                ["Purser:Models:fav:Targets:0"] = "pool/pm",
                ["Purser:Models:fav:Targets:1"] = "simulated/sim",
            }).Build(),
            NoEnvironment);
        var resolver = new Purser.Routing.ModelResolver(options);

        resolver.Resolve("pool/pm", out _)!.Deployments.Select(d => d.Id).ShouldBe(["pool/pm#key1", "pool/pm#key2"]);
        resolver.Resolve("pm", out _)!.Deployments.Select(d => d.Id).ShouldBe(["pool/pm#key1", "pool/pm#key2"]);
        resolver.Resolve("fav", out _)!.Deployments.Select(d => d.Id).ShouldBe(["pool/pm#key1", "pool/pm#key2", "simulated/sim"]);
        resolver.Resolve("fav", out _)!.Deployments.ShouldAllBe(d => d.Target == d.Provider + "/" + d.Model);
    }
}
