using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Purser.Chat;
using Purser.Configuration;
using Purser.Pipeline;
using Purser.Routing;
using Purser.Tests;

namespace Purser.Core.Tests.Routing;

public sealed class RouteStageTests
{
    private static (RouteStage Stage, PurserOptions Options) Create(Action<PurserOptions>? configure = null)
    {
        var options = new PurserOptions();
        options.Providers["openai"] = new ProviderOptions { Kind = ProviderKind.OpenAI };
        options.Providers["anthropic"] = new ProviderOptions { Kind = ProviderKind.Anthropic };
        configure?.Invoke(options);
        var stage = new RouteStage(new ModelResolver(options), new RoutingCascade(options, new FakeTimeProvider(), NullLogger<RoutingCascade>.Instance));
        return (stage, options);
    }

    private static PurserContext Context(string model, string text, string? project = null, string? agent = null, string operation = "chat")
    {
        var request = new ChatRequest { Model = model };
        request.System.Add(new TextPart("You are helpful."));
        request.Messages.Add(ChatMessage.FromText(ChatRole.User, text));
        return new PurserContext(request, "req_1", DateTimeOffset.UnixEpoch, 0)
        {
            Attribution = new Attribution { Project = project, Agent = agent, Operation = operation },
        };
    }

    [Fact]
    public async Task Invoke_Auto_RuleAndReasonSayWhatDecided()
    {
        (RouteStage stage, _) = Create();
        PurserContext context = Context("auto", "yolo, fix it now");

        await stage.InvokeAsync(context, default);

        context.Route!.Rule.ShouldBe("auto:keyword:fast");
        context.Route.Reason.ShouldStartWith("auto: keywords 'yolo', 'now' → fast; alias 'fast'");
        context.Route.Deployments[0].Id.ShouldBe("openai/gpt-4.1-nano");
    }

    [Fact]
    public async Task Invoke_Default_TakesTheCascadesModelAndAppliesItsSettings()
    {
        (RouteStage stage, _) = Create(o =>
        {
            o.Routing.Projects["acme"] = new CascadeSettings { Model = "smart", Provider = "openai", PromptAddition = "Answer in British English.", Temperature = 0.3, MaxTokens = 800 };
        });
        PurserContext context = Context("default", "hello", project: "acme");
        context.Request.MaxTokens = 4000;

        await stage.InvokeAsync(context, default);

        RouteDecision route = context.Route!;
        route.Rule.ShouldBe("default>alias:smart>provider:openai");
        route.Reason.ShouldContain("'default' is smart (project acme (configuration))");
        route.Deployments.Select(d => d.Provider).ShouldBe(["openai", "anthropic"]);
        route.PromptAddition.ShouldBe("Answer in British English.");
        context.Request.System.Select(s => s.Text).ShouldBe(["You are helpful.", "Answer in British English."]);
        context.Request.Temperature.ShouldBe(0.3);
        context.Request.MaxTokens.ShouldBe(800);
        route.Reason.ShouldContain("cascade: prompt addition (project acme (configuration)), temperature 0.3");
        ((EffectiveCascade)context.Items[EffectiveCascade.ItemKey]!).Model.ShouldBe("smart");
    }

    [Fact]
    public async Task Invoke_CallersOwnTemperatureAndSmallerMaxTokens_AreKept()
    {
        (RouteStage stage, _) = Create(o => o.Routing.Defaults = new CascadeSettings { Temperature = 0.3, MaxTokens = 800 });
        PurserContext context = Context("openai/gpt-4o", "hello");
        context.Request.Temperature = 1.0;
        context.Request.MaxTokens = 100;

        await stage.InvokeAsync(context, default);

        context.Request.Temperature.ShouldBe(1.0);
        context.Request.MaxTokens.ShouldBe(100);
        context.Route!.Rule.ShouldBe("explicit");
    }

    [Fact]
    public async Task Invoke_ReasoningCall_GetsNoDefaultTemperature()
    {
        (RouteStage stage, _) = Create(o => o.Routing.Defaults = new CascadeSettings { Temperature = 0.3 });
        PurserContext context = Context("openai/o3", "think");
        context.Request.ReasoningEffort = "high";

        await stage.InvokeAsync(context, default);

        context.Request.Temperature.ShouldBeNull();
    }

    [Fact]
    public async Task Invoke_UnknownModel_SetsTheErrorAndNoRoute()
    {
        (RouteStage stage, _) = Create();
        PurserContext context = Context("nowhere/x", "hi");

        await stage.InvokeAsync(context, default);

        context.Route.ShouldBeNull();
        context.Error.ShouldNotBeNull();
    }

    [Fact]
    public void Replace_BudgetTierNarrowsTheRoute_AndTheRuleRecordsTheStep()
    {
        var route = new RouteDecision([new Deployment("a", "big"), new Deployment("b", "big")], "auto:keyword:smart", "auto: …");

        route.Replace([new Deployment("a", "small")], "tier:cheap", "budget tier cheap");

        route.Rule.ShouldBe("auto:keyword:smart>tier:cheap");
        route.Header.ShouldBe("auto:keyword:smart>tier:cheap");
        route.Reason.ShouldEndWith("; budget tier cheap");
        route.Deployments.Single().Id.ShouldBe("a/small");
    }
}
