using Purser.Chat;
using Purser.Configuration;
using Purser.Errors;
using Purser.Routing;

namespace Purser.Core.Tests.Routing;

public sealed class ModelResolverTests
{
    private static PurserOptions Options(params string[] providers)
    {
        var options = new PurserOptions();
        foreach (string name in providers)
        {
            options.Providers[name] = new ProviderOptions { Kind = name == "anthropic" ? ProviderKind.Anthropic : name == "gemini" ? ProviderKind.Gemini : ProviderKind.OpenAI };
        }

        return options;
    }

    private static ChatRequest Ask(string text)
    {
        var request = new ChatRequest { Model = "auto" };
        request.Messages.Add(ChatMessage.FromText(ChatRole.User, text));
        return request;
    }

    [Fact]
    public void Resolve_BuiltInAliases_UseTheConfiguredProvidersInOrder()
    {
        var resolver = new ModelResolver(Options("openai", "anthropic"));

        RouteDecision cheap = resolver.Resolve("cheap", out _)!;
        RouteDecision smart = resolver.Resolve("smart", out _)!;

        cheap.Deployments.Select(d => d.Id).ShouldBe(["openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"]);
        cheap.Rule.ShouldBe("alias:cheap");
        cheap.Tier.ShouldBe("cheap");
        smart.Deployments[0].Id.ShouldBe("anthropic/claude-sonnet-4-5");
        resolver.Aliases.Keys.ShouldBe(["cheap", "smart", "fast", "auto"], ignoreOrder: true);
    }

    [Fact]
    public void Resolve_UserAlias_ReplacesTheBuiltInOfTheSameName()
    {
        PurserOptions options = Options("openai", "anthropic");
        options.Models["cheap"] = new ModelAliasOptions { Targets = ["anthropic/claude-3-5-haiku"] };
        options.Models["team"] = new ModelAliasOptions { Targets = ["openai/gpt-4.1"] };
        var resolver = new ModelResolver(options);

        resolver.Resolve("cheap", out _)!.Deployments.Select(d => d.Id).ShouldBe(["anthropic/claude-3-5-haiku"]);
        resolver.Resolve("team", out _)!.Rule.ShouldBe("alias:team");
    }

    [Fact]
    public void Resolve_BuiltInAliasWithNoConfiguredProvider_Is400NamingTheVariables()
    {
        var resolver = new ModelResolver(Options("simulated"));

        resolver.Resolve("smart", out PurserError? error).ShouldBeNull();

        error!.StatusCode.ShouldBe(400);
        error.Message.ShouldContain("ANTHROPIC_API_KEY");
        error.Message.ShouldContain("OPENAI_API_KEY");
    }

    [Fact]
    public void Resolve_Auto_ClassifiesAndResolvesTheTiersAlias()
    {
        var resolver = new ModelResolver(Options("openai", "gemini"));

        RouteDecision route = resolver.Resolve("auto", Ask("please refactor this module"), "chat", null, out _)!;

        route.Rule.ShouldBe("auto:keyword:smart");
        route.Tier.ShouldBe("smart");
        route.Alias.ShouldBe("auto");
        route.Reason.ShouldContain("'refactor'");
        route.Deployments.Select(d => d.Id).ShouldBe(["openai/gpt-5", "gemini/gemini-2.5-pro"]);
    }

    [Fact]
    public void Resolve_WithoutARequest_AutoAndDefaultFallToTheDefaultTier()
    {
        var resolver = new ModelResolver(Options("openai"));

        resolver.Resolve("auto", out _)!.Rule.ShouldBe("auto:default:cheap");
        resolver.Resolve("default", out _)!.Rule.ShouldBe("auto:default:cheap");
    }

    [Fact]
    public void Resolve_AutoReplacedByAUserAlias_IsThatAlias()
    {
        PurserOptions options = Options("openai");
        options.Models["auto"] = new ModelAliasOptions { Targets = ["openai/gpt-4o"] };

        RouteDecision route = new ModelResolver(options).Resolve("auto", Ask("refactor"), null, null, out _)!;

        route.Rule.ShouldBe("alias:auto");
        route.Deployments.Single().Id.ShouldBe("openai/gpt-4o");
    }

    [Fact]
    public void Resolve_PreferredProvider_GoesFirstAndTheRuleSaysSo()
    {
        var resolver = new ModelResolver(Options("openai", "anthropic", "gemini"));

        RouteDecision route = resolver.Resolve("cheap", null, null, "anthropic", out _)!;
        RouteDecision unchanged = resolver.Resolve("cheap", null, null, "gemini", out _)!;

        route.Deployments.Select(d => d.Provider).ShouldBe(["anthropic", "gemini", "openai"]);
        route.Rule.ShouldBe("alias:cheap>provider:anthropic");
        unchanged.Rule.ShouldBe("alias:cheap"); // gemini is already first
    }

    [Fact]
    public void Resolve_BareNameSeveralProvidersList_PreferredProviderSettlesIt()
    {
        PurserOptions options = Options("a", "b");
        options.Providers["a"].Models.Add("llama3");
        options.Providers["b"].Models.Add("llama3");
        var resolver = new ModelResolver(options);

        resolver.Resolve("llama3", out PurserError? ambiguous).ShouldBeNull();
        ambiguous!.Code.ShouldBe("ambiguous_model");
        resolver.Resolve("llama3", null, null, "b", out _)!.Deployments.Single().Id.ShouldBe("b/llama3");
    }
}
