using Purser.Budgets;
using Purser.Configuration;
using Purser.Prompts;
using Purser.Routing;

namespace Purser.Assistant.Calls;

/// <summary>
/// The most a prompt can cost on a model before it is sent, for <c>--max-cost</c>: the request the assistant would
/// send (<see cref="RenderedPrompt.ToChatRequest"/>) put through the same worst-case estimator a budget reservation
/// uses (<see cref="ReservationEstimator.Estimate(Chat.ChatRequest, IReadOnlyList{Routing.Deployment}, long, IDictionary{string, ReservedUsage}?)"/>: the same prices, token counting, output limit and calibration,
/// the dearest deployment of an alias), so the assistant's estimate and the gateway's reservation agree.
/// </summary>
internal sealed class CostEstimator(ModelResolver resolver, ReservationEstimator estimator, PurserOptions options)
{
    /// <summary>The worst-case cost, or null when the model does not resolve here or a deployment has no price.</summary>
    public decimal? WorstCase(string model, RenderedPrompt prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (resolver.Resolve(model, out _) is not { } route)
        {
            return null;
        }

        return estimator.Estimate(prompt.ToChatRequest(model), route.Deployments, options.Budgets.DefaultMaxOutputTokens).Usd;
    }
}
