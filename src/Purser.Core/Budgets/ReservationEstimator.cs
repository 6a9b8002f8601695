using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Purser.Chat;
using Purser.Configuration;
using Purser.Pricing;
using Purser.Routing;
using Purser.Tokens;

namespace Purser.Budgets;

/// <summary>
/// Worst-case cost of a call for its reservation: counted prompt tokens × the dearest prompt price + max output tokens
/// (the request's, or the model's cap) × the higher of the output and reasoning prices — through the one cost
/// function, <see cref="CostCalculator.WorstCaseCost"/>. Prices come from the same place the price stage takes them.
/// Both are raised by what each deployment was seen to bill beyond them (<see cref="Observe"/>).
/// </summary>
public sealed class ReservationEstimator
{
    private readonly PriceStage _prices;
    private readonly ConcurrentDictionary<string, ChatTokenCounter> _counters = new(StringComparer.OrdinalIgnoreCase);
    private readonly UsageCalibration _calibration = new();

    /// <summary>The first call on each deployment, whose bill calibrates the others (see <see cref="CalibrationProbes"/>).</summary>
    internal CalibrationProbes Probes { get; } = new();

    public ReservationEstimator(PricingCatalog catalog, PurserOptions options)
    {
        _prices = new PriceStage(catalog, options, NullLogger<PriceStage>.Instance);
    }

    /// <summary>
    /// Learns from a provider's bill: what the call was reserved for on <paramref name="deployment"/> (counted prompt
    /// tokens, the output it was allowed) against the usage it reported. Later worst cases on the deployment add any
    /// shortfall (see <see cref="UsageCalibration"/>).
    /// </summary>
    public void Observe(Deployment deployment, ReservedUsage reserved, long reportedInput, long reportedOutput)
    {
        _calibration.ObservePrompt(deployment.Id, reserved.CountedPrompt, reportedInput);
        _calibration.ObserveOutput(deployment.Id, reserved.MaxOutput, reportedOutput);
    }

    /// <summary>The price a deployment's tokens are billed at; null when unknown.</summary>
    public ModelPrice? PriceOf(Deployment deployment) => _prices.PriceOf(deployment);

    /// <summary>Prompt tokens of <paramref name="request"/> counted with the tokenizer of the model it is priced as (rounded up where estimated).</summary>
    public long CountPrompt(ChatRequest request, Deployment deployment, ModelPrice? price)
    {
        string model = price?.Id ?? deployment.Model;
        ChatTokenCounter counter = _counters.GetOrAdd(model, ChatTokenCounter.ForModel);
        return counter.CountPrompt(request).Tokens;
    }

    /// <summary>The output tokens a call may produce on a deployment: the request's max (plus any thinking budget), at most the model's cap; null when neither is known.</summary>
    public static long? MaxOutput(ChatRequest request, ModelPrice? price)
    {
        long? requested = request.MaxTokens is int max ? max + (long)(request.ThinkingBudgetTokens ?? 0) : null;
        long? cap = price?.MaxOutputTokens;
        return (requested, cap) switch
        {
            (long r, long c) => Math.Min(r, c),
            (long r, null) => r,
            (null, long c) => c,
            _ => null,
        };
    }

    /// <summary>The worst case over every deployment the call may be served by (the dispatcher tries them in turn).</summary>
    /// <param name="request">The call.</param>
    /// <param name="deployments">The route.</param>
    /// <param name="defaultMaxOutput">Output tokens assumed where neither request nor catalog bounds them.</param>
    /// <param name="reserved">When given, receives per deployment what the worst case assumed before calibration, for <see cref="Observe"/>.</param>
    public WorstCase Estimate(ChatRequest request, IReadOnlyList<Deployment> deployments, long defaultMaxOutput, IDictionary<string, ReservedUsage>? reserved = null)
    {
        long tokens = 0;
        long prompt = 0;
        long output = 0;
        decimal usd = 0;
        bool priced = true;
        foreach (Deployment deployment in deployments)
        {
            ModelPrice? price = PriceOf(deployment);
            long c = CountPrompt(request, deployment, price);
            long m = MaxOutput(request, price) ?? defaultMaxOutput;
            reserved?.TryAdd(deployment.Id, new ReservedUsage(c, m));
            long p = _calibration.AdjustPrompt(deployment.Id, c);
            long o = _calibration.AdjustOutput(deployment.Id, m);
            tokens = Math.Max(tokens, p + o);
            prompt = Math.Max(prompt, p);
            output = Math.Max(output, o);
            if (price is null)
            {
                priced = false;
            }
            else
            {
                usd = Math.Max(usd, CostCalculator.WorstCaseCost(p, o, price));
            }
        }

        return new WorstCase(tokens, priced ? usd : null, prompt, output);
    }
}
