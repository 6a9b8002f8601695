using Purser.Chat;
using Purser.Dispatch;
using Purser.Errors;
using Purser.Pipeline;
using Purser.Routing;

namespace Purser.Embeddings;

/// <summary>
/// Keeps an embeddings call on deployments whose provider has an embeddings API (OpenAI-kind, Gemini, simulated):
/// the others are dropped from the route, and with none left the call is refused (400, <c>embeddings_not_supported</c>)
/// naming why — before any budget is reserved or upstream called. <c>auto</c> (which classifies a prompt to pick a chat
/// model) is refused the same way.
/// </summary>
internal sealed class EmbeddingStage(IProviderRegistry providers) : IRequestStage
{
    public int Order => StageOrder.Route + 20;

    public ValueTask InvokeAsync(PurserContext context, CancellationToken cancellationToken)
    {
        if (context.Request.Embedding is null || context.Route is not { } route)
        {
            return ValueTask.CompletedTask;
        }

        if (string.Equals(context.Request.Model.Trim(), RoutingDefaults.Auto, StringComparison.OrdinalIgnoreCase))
        {
            // auto classifies a prompt to pick a chat model; an embedding model must be named.
            context.Error = PurserError.BadRequest(
                "Model 'auto' picks a chat model by the prompt and cannot serve embeddings; name an embedding model (e.g. text-embedding-3-small, gemini-embedding-001) or an alias of one.",
                "model",
                "embeddings_not_supported");
            return ValueTask.CompletedTask;
        }

        List<Deployment> able = [];
        string? reason = null;
        foreach (Deployment deployment in route.Deployments)
        {
            if (providers.TryGet(deployment.Provider, out IChatProvider? provider) && WhyNot(provider.Protocol, deployment) is { } why)
            {
                reason ??= why;
                continue;
            }

            able.Add(deployment);
        }

        if (able.Count == 0)
        {
            context.Error = PurserError.BadRequest(
                $"Model '{context.Request.Model}' cannot embed: {reason} Use an OpenAI-kind, Gemini or simulated embedding model (e.g. text-embedding-3-small, gemini-embedding-001).",
                "model",
                "embeddings_not_supported");
        }
        else if (able.Count < route.Deployments.Count)
        {
            route.Narrow(able, "deployments without an embeddings API dropped");
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Why a provider speaking <paramref name="protocol"/> cannot serve an embeddings call; null when it can.</summary>
    public static string? WhyNot(WireProtocol protocol, Deployment deployment) => protocol switch
    {
        WireProtocol.AnthropicMessages => $"{deployment} is an Anthropic deployment, and the Anthropic API has no embeddings endpoint.",
        _ => null,
    };
}
