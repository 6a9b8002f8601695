using System.Collections.Concurrent;
using Purser.Chat;
using Purser.Dispatch;
using Purser.Pipeline;
using Purser.Pricing;
using Purser.Routing;
using Purser.Tokens;

namespace Purser.Budgets;

/// <summary>
/// Worst-case cost of a call for its reservation: counted prompt tokens × the dearest prompt price + the output the call
/// may produce × the higher of the output and reasoning prices — through the one cost function,
/// <see cref="CostCalculator.WorstCaseCost"/>. Prices come from the one lookup the price stage bills with (<see cref="DeploymentPrices"/>). Both are
/// raised by what each deployment was seen to bill beyond them for calls of the same shape (<see cref="Observe"/>).
/// </summary>
/// <remarks>
/// The output a call may produce is what is actually sent, per answer, times the answers asked for (<c>n</c>): the
/// request's max tokens as the provider adapter writes them (an adapter that writes a default limit of its own, as the
/// Anthropic one does for a translated request, reports it), else the model's cap from the catalog, else
/// Purser:Budgets:DefaultMaxOutputTokens. A prompt with content Purser cannot measure (a file id) is reserved at the
/// model's whole context window.
/// </remarks>
internal sealed class ReservationEstimator
{
    /// <summary>Prompt tokens assumed for unmeasurable content when the model's context window is not in the catalog.</summary>
    public const long UnknownContextWindow = 2_000_000;

    private readonly DeploymentPrices _prices;
    private readonly IProviderRegistry? _providers;
    private readonly ConcurrentDictionary<string, ChatTokenCounter> _counters = new(StringComparer.OrdinalIgnoreCase);
    private readonly Func<string, ChatTokenCounter> _counterFor;
    private readonly UsageCalibration _calibration = new();

    /// <summary>The first call on each deployment, whose bill calibrates the others (see <see cref="CalibrationProbes"/>).</summary>
    internal CalibrationProbes Probes { get; } = new();

    /// <param name="prices">Prices: the same lookup the price stage bills with.</param>
    /// <param name="providers">The adapters, which say what output limit they write into a call.</param>
    public ReservationEstimator(DeploymentPrices prices, IProviderRegistry? providers = null)
        : this(prices, providers, ChatTokenCounter.ForModel)
    {
    }

    /// <param name="prices">Prices: the same lookup the price stage bills with.</param>
    /// <param name="providers">The adapters, which say what output limit they write into a call.</param>
    /// <param name="counterFor">The prompt counter of a model (tests count how often a prompt is counted).</param>
    internal ReservationEstimator(DeploymentPrices prices, IProviderRegistry? providers, Func<string, ChatTokenCounter> counterFor)
    {
        _prices = prices;
        _providers = providers;
        _counterFor = counterFor;
    }

    /// <summary>
    /// Learns from a provider's bill: what the call was reserved for on <paramref name="deployment"/> (counted prompt
    /// tokens, the output it was allowed, the prompt's shape) against the usage it reported. Later worst cases on the
    /// deployment for prompts of the same shape add any shortfall (see <see cref="UsageCalibration"/>).
    /// </summary>
    public void Observe(Deployment deployment, ReservedUsage reserved, long reportedInput, long reportedOutput)
    {
        string key = CalibrationKey(deployment, reserved.Shape);
        _calibration.ObservePrompt(key, reserved.CountedPrompt, reportedInput);
        _calibration.ObserveOutput(key, reserved.MaxOutput, reportedOutput);
    }

    /// <summary>The price a deployment's tokens are billed at; null when unknown.</summary>
    public ModelPrice? PriceOf(Deployment deployment) => _prices.PriceOf(deployment);

    /// <summary>Prompt tokens of <paramref name="request"/> counted with the tokenizer of the model it is priced as (rounded up where estimated).</summary>
    public long CountPrompt(ChatRequest request, Deployment deployment, ModelPrice? price) => Count(request, deployment, price).Tokens;

    /// <summary>
    /// The prompt tokens a reservation assumes: the count, or the model's context window when part of the prompt cannot
    /// be measured.
    /// </summary>
    public long PromptBound(ChatRequest request, Deployment deployment, ModelPrice? price)
    {
        TokenCount count = Count(request, deployment, price);
        return count.Unbounded ? Math.Max(count.Tokens, price?.ContextWindow ?? UnknownContextWindow) : count.Tokens;
    }

    /// <summary>
    /// The output tokens a call may produce on a deployment: per answer, what the adapter sends (the request's max, or a
    /// default the adapter writes), else the model's cap, else <paramref name="defaultMaxOutput"/>; times the answers asked for.
    /// </summary>
    public long MaxOutput(ChatRequest request, Deployment deployment, ModelPrice? price, long defaultMaxOutput)
    {
        long perAnswer = SentMaxOutput(request, deployment) ?? price?.MaxOutputTokens ?? defaultMaxOutput;
        return perAnswer * Math.Max(1, request.Choices ?? 1);
    }

    /// <summary>The output limit the deployment's adapter writes into the call; null when the model's own cap applies.</summary>
    public long? SentMaxOutput(ChatRequest request, Deployment deployment)
    {
        if (request.Embedding is not null)
        {
            return 0;
        }

        if (_providers is not null && _providers.TryGet(deployment, out IChatProvider? provider))
        {
            return provider.MaxOutputTokens(request);
        }

        return request.MaxTokens is int max ? max + (long)(request.ThinkingBudgetTokens ?? 0) : null;
    }

    /// <summary>The worst case over every deployment the call may be served by (the dispatcher tries them in turn).</summary>
    /// <param name="request">The call.</param>
    /// <param name="deployments">The route.</param>
    /// <param name="defaultMaxOutput">Output tokens assumed where neither request nor catalog bounds them.</param>
    /// <param name="reserved">When given, receives per deployment what the worst case assumed before calibration, for <see cref="Observe"/>.</param>
    public WorstCase Estimate(ChatRequest request, IReadOnlyList<Deployment> deployments, long defaultMaxOutput, IDictionary<string, ReservedUsage>? reserved = null) =>
        Estimate(request, deployments, defaultMaxOutput, reserved, null);

    /// <summary>
    /// The worst case of a call in the pipeline: as <see cref="Estimate(ChatRequest, IReadOnlyList{Deployment}, long, IDictionary{string, ReservedUsage}?)"/>,
    /// with the prompt counted once per call (<see cref="PromptCounts"/>) however many stages ask. The output limit,
    /// the deployments and the calibration are read afresh each time, so each stage gets the value it would compute.
    /// </summary>
    public WorstCase Estimate(PurserContext context, IReadOnlyList<Deployment> deployments, long defaultMaxOutput, IDictionary<string, ReservedUsage>? reserved = null) =>
        Estimate(context.Request, deployments, defaultMaxOutput, reserved, PromptCounts.Of(context));

    private WorstCase Estimate(ChatRequest request, IReadOnlyList<Deployment> deployments, long defaultMaxOutput, IDictionary<string, ReservedUsage>? reserved, PromptCounts? counts)
    {
        long tokens = 0;
        long prompt = 0;
        long output = 0;
        decimal usd = 0;
        bool priced = true;
        foreach (Deployment deployment in deployments)
        {
            ModelPrice? price = PriceOf(deployment);
            TokenCount count = Count(request, deployment, price, counts);
            long m = MaxOutput(request, deployment, price, defaultMaxOutput);
            reserved?.TryAdd(deployment.Id, new ReservedUsage(count.Tokens, m) { Shape = count.Shape });
            string key = CalibrationKey(deployment, count.Shape);
            long p = _calibration.AdjustPrompt(key, count.Tokens);
            if (count.Unbounded)
            {
                p = Math.Max(p, price?.ContextWindow ?? UnknownContextWindow);
            }

            long o = _calibration.AdjustOutput(key, m);
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

    private TokenCount Count(ChatRequest request, Deployment deployment, ModelPrice? price, PromptCounts? counts = null)
    {
        string model = price?.Id ?? deployment.Model;
        if (counts is not null && counts.TryGet(model, out TokenCount counted))
        {
            return counted;
        }

        TokenCount count = _counters.GetOrAdd(model, _counterFor).CountPrompt(request);
        counts?.Add(model, count);
        return count;
    }

    /// <summary>Calibration is kept per deployment and prompt shape: a document call teaches nothing about plain text.</summary>
    private static string CalibrationKey(Deployment deployment, PromptShape shape) =>
        shape == PromptShape.Text ? deployment.Id : deployment.Id + "#" + ((int)shape).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
