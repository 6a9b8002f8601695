using System.Globalization;
using Purser.Chat;
using Purser.Errors;
using Purser.Pipeline;

namespace Purser.Routing;

/// <summary>
/// Chooses the call's deployments and applies the configuration cascade: resolves the project's/agent's effective
/// settings, turns <c>default</c> into the cascade's model, resolves the model (provider/model, bare name, alias,
/// <c>auto</c>) with the cascade's preferred provider first, then applies the cascade's prompt addition, temperature
/// and max-tokens cap to the canonical request (passthrough writers honour them too). The rule that decided lands in
/// <see cref="RouteDecision.Rule"/> (x-purser-route) and the reason in <see cref="RouteDecision.Reason"/>. A virtual key
/// that maps models (<see cref="PurserContext.MappedModel"/>) replaces the model asked for first: rule "mapped>…".
/// </summary>
internal sealed class RouteStage(ModelResolver resolver, RoutingCascade cascade) : IRequestStage
{
    /// <summary>The first step of x-purser-route when the caller's key maps the model (a <c>purser run</c> session's --model).</summary>
    public const string MappedStep = "mapped";

    public int Order => StageOrder.Route;

    public ValueTask InvokeAsync(PurserContext context, CancellationToken cancellationToken)
    {
        Attribution who = context.Attribution;
        EffectiveCascade settings = cascade.Resolve(who.Project, who.Agent);
        context.Items[EffectiveCascade.ItemKey] = settings;

        ChatRequest request = context.Request;
        string? mapped = context.MappedModel;
        string model = mapped ?? request.Model;
        bool viaDefault = string.Equals(model.Trim(), RoutingDefaults.Default, StringComparison.OrdinalIgnoreCase);
        if (viaDefault)
        {
            model = settings.Model;
        }

        RouteDecision? route = resolver.Resolve(model, request, who.Operation, settings.Provider, out PurserError? error);
        if (route is null)
        {
            context.Error = error;
            return ValueTask.CompletedTask;
        }

        if (viaDefault)
        {
            route.Rule = RoutingDefaults.Default + ">" + route.Rule;
            route.Reason = $"'default' is {model} ({settings.Sources["model"]}); {route.Reason}";
        }

        if (mapped is not null)
        {
            route.Rule = MappedStep + ">" + route.Rule;
            route.Reason = $"the key maps every model to {mapped} (asked for {request.Model}); {route.Reason}";
        }

        if (request.Embedding is null)
        {
            // The cascade's prompt addition, temperature and output cap are chat settings; an embedding has none of them.
            Apply(settings, request, route);
        }

        context.Route = route;
        return ValueTask.CompletedTask;
    }

    /// <summary>The cascade's request settings: prompt addition appended, temperature where none is set, max tokens capped.</summary>
    internal static void Apply(EffectiveCascade settings, ChatRequest request, RouteDecision route)
    {
        List<string>? applied = null;
        if (settings.PromptAddition is { } addition)
        {
            request.System.Add(new TextPart(addition));
            route.PromptAddition = addition;
            (applied ??= []).Add($"prompt addition ({settings.Sources["promptAddition"]})");
        }

        if (settings.Temperature is double temperature && request.Temperature is null && request.ThinkingBudgetTokens is null && request.ReasoningEffort is null)
        {
            request.Temperature = temperature;
            (applied ??= []).Add($"temperature {temperature.ToString(CultureInfo.InvariantCulture)} ({settings.Sources["temperature"]})");
        }

        if (settings.MaxTokens is int cap && (request.MaxTokens is null || request.MaxTokens > cap))
        {
            request.MaxTokens = cap;
            (applied ??= []).Add($"max tokens {cap} ({settings.Sources["maxTokens"]})");
        }

        if (applied is not null)
        {
            route.Reason += "; cascade: " + string.Join(", ", applied);
        }
    }
}
