using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Purser.Budgets;
using Purser.Errors;
using Purser.Ledger;
using Purser.Pipeline;
using Purser.Resilience;
using Purser.Routing;

namespace Purser.Telemetry;

/// <summary>
/// Purser's traces and metrics: one <see cref="ActivitySource"/> and one <see cref="Meter"/> named "Purser", following
/// the OpenTelemetry GenAI semantic conventions — a span per call (<c>chat {model}</c>) with a client span per attempt
/// under it, the <c>gen_ai.client.token.usage</c> and <c>gen_ai.client.operation.duration</c> histograms, and Purser's
/// own counters (cost, cache, budget refusals, retries, fallbacks) and gauges (budget remaining, ledger queue depth,
/// open circuits). Only metadata is recorded: never a prompt or an answer.
/// </summary>
/// <remarks>
/// With nothing listening, a call costs a <see cref="ActivitySource.HasListeners"/> check and one
/// <see cref="Instrument.Enabled"/> check per instrument: no tag is built and nothing is allocated.
/// </remarks>
internal sealed class PurserTelemetry : IDisposable
{
    public const string Name = "Purser";

    /// <summary>The source of every Purser span (static: spans carry no per-instance state).</summary>
    public static readonly ActivitySource Source = new(Name, typeof(PurserTelemetry).Assembly.GetName().Version?.ToString(3));

    private static readonly double[] DurationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
    private static readonly long[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    private readonly Meter _meter;
    private readonly Histogram<long> _tokens;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _calls;
    private readonly Counter<double> _cost;
    private readonly Counter<long> _cacheHits;
    private readonly Counter<long> _cacheMisses;
    private readonly Counter<double> _cacheSavings;
    private readonly Counter<long> _budgetRefusals;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _fallbacks;

    /// <param name="services">Where the gauges read budgets, the ledger queue and circuit states from (each optional).</param>
    public PurserTelemetry(IServiceProvider? services = null)
    {
        // A meter per instance (not static), so the gauges of each gateway in a process report that gateway's state.
        _meter = new Meter(Name, Source.Version);
        _tokens = _meter.CreateHistogram(
            "gen_ai.client.token.usage",
            unit: "{token}",
            description: "Tokens used per call, by gen_ai.token.type (input, output)",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = TokenBuckets });
        _duration = _meter.CreateHistogram(
            "gen_ai.client.operation.duration",
            unit: "s",
            description: "Duration of a call through Purser, first byte to last",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _calls = _meter.CreateCounter<long>("purser.calls", "{call}", "Calls recorded, by purser.outcome");
        _cost = _meter.CreateCounter<double>("purser.cost", "USD", "Money spent upstream (every attempt, priced)");
        _cacheHits = _meter.CreateCounter<long>("purser.cache.hits", "{call}", "Calls answered from the response cache");
        _cacheMisses = _meter.CreateCounter<long>("purser.cache.misses", "{call}", "Cacheable calls the cache could not answer");
        _cacheSavings = _meter.CreateCounter<double>("purser.cache.savings", "USD", "What the calls answered from cache would have cost");
        _budgetRefusals = _meter.CreateCounter<long>("purser.budget.refusals", "{call}", "Calls a hard budget refused");
        _retries = _meter.CreateCounter<long>("purser.retries", "{attempt}", "Attempts that retried the same deployment");
        _fallbacks = _meter.CreateCounter<long>("purser.fallbacks", "{attempt}", "Attempts that fell over to another deployment");
        _meter.CreateObservableGauge("purser.budget.remaining", () => BudgetsRemaining(services), description: "What each budget has left (dollars or tokens, by purser.budget.unit)");
        _meter.CreateObservableGauge("purser.ledger.queue.depth", () => services?.GetService<LedgerWriter>()?.Pending ?? 0, "{row}", "Ledger rows waiting for the batch writer");
        _meter.CreateObservableCounter("purser.ledger.batches", () => services?.GetService<LedgerWriter>()?.Batches ?? 0, "{batch}", "Ledger transactions committed (rows written ÷ batches is the group-commit size)");
        _meter.CreateObservableGauge("purser.circuits.open", () => OpenCircuits(services), "{deployment}", "Deployments whose circuit breaker is open");
    }

    /// <summary>The meter (for tests and exporters that take a meter instance).</summary>
    public Meter Meter => _meter;

    /// <summary>Starts the call's span when anything listens; it becomes the parent of the attempts' spans.</summary>
    internal static Activity? StartCall(PurserContext context)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        string model = context.Request.Model;
        string operation = GenAi.Operation(context);
        Activity? activity = Source.StartActivity(model.Length == 0 ? operation : operation + " " + model, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(GenAi.OperationName, operation);
            activity.SetTag(GenAi.RequestModel, model);
            activity.SetTag(Tags.RequestId, context.RequestId);
            if (context.Request.MaxTokens is int max)
            {
                activity.SetTag(GenAi.RequestMaxTokens, max);
            }

            if (context.Request.Temperature is double temperature)
            {
                activity.SetTag(GenAi.RequestTemperature, temperature);
            }
        }

        return activity;
    }

    /// <summary>Starts an attempt's client span (the current activity while the provider is called, so its traceparent goes upstream).</summary>
    internal static Activity? StartAttempt(PurserContext context, Deployment deployment, int number)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        string operation = GenAi.Operation(context);
        Activity? activity = Source.StartActivity(operation + " " + deployment.Model, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(GenAi.OperationName, operation);
            activity.SetTag(GenAi.ProviderName, GenAi.Provider(deployment.Provider));
            activity.SetTag(GenAi.RequestModel, deployment.Model);
            activity.SetTag(Tags.Deployment, deployment.Id);
            activity.SetTag(Tags.Attempt, number);
            activity.SetTag(Tags.RequestId, context.RequestId);
        }

        return activity;
    }

    /// <summary>Ends an attempt's span with its usage, cost and outcome.</summary>
    internal static void EndAttempt(Activity? activity, AttemptRecord attempt, PurserContext context)
    {
        if (activity is null)
        {
            return;
        }

        if (activity.IsAllDataRequested)
        {
            activity.SetTag(GenAi.UsageInputTokens, attempt.Usage.InputTokens);
            activity.SetTag(GenAi.UsageOutputTokens, attempt.Usage.OutputTokens);
            if (attempt.Error is null && context.Response?.Model is { Length: > 0 } responseModel)
            {
                activity.SetTag(GenAi.ResponseModel, responseModel);
            }

            if (attempt.Error is { } error)
            {
                activity.SetTag(Tags.ErrorType, error.Kind.ToName());
                if (error.UpstreamStatus is int status)
                {
                    activity.SetTag(Tags.HttpStatus, status);
                }

                activity.SetStatus(ActivityStatusCode.Error, error.Kind.ToName());
            }
        }

        activity.Dispose();
    }

    /// <summary>Ends the call's span and records the call's metrics. Runs once per call, after the completion stages.</summary>
    internal void Complete(PurserContext context, Activity? activity)
    {
        if (activity is not null)
        {
            if (activity.IsAllDataRequested)
            {
                Describe(activity, context);
            }

            activity.Dispose();
        }

        Record(context);
    }

    private static void Describe(Activity activity, PurserContext context)
    {
        if (context.ServedBy is { } served)
        {
            activity.SetTag(GenAi.ProviderName, GenAi.Provider(served.Provider));
            activity.SetTag(GenAi.ResponseModel, context.Response?.Model is { Length: > 0 } m ? m : served.Model);
            activity.SetTag(Tags.Deployment, served.Id);
        }

        activity.SetTag(GenAi.UsageInputTokens, context.Usage.InputTokens);
        activity.SetTag(GenAi.UsageOutputTokens, context.Usage.OutputTokens);
        if (context.CostUsd is decimal cost)
        {
            activity.SetTag(Tags.Cost, (double)cost);
        }

        activity.SetTag(Tags.CacheStatus, CacheName(context.CacheStatus));
        activity.SetTag(Tags.Route, context.Route?.Rule);
        activity.SetTag(Tags.BudgetTier, context.BudgetTier);
        activity.SetTag(Tags.Project, context.Attribution.Project);
        activity.SetTag(Tags.Agent, context.Attribution.Agent);
        activity.SetTag(Tags.KeyId, context.Attribution.KeyId);
        activity.SetTag(Tags.Operation, context.Attribution.Operation);
        activity.SetTag(Tags.Attempts, context.Attempts.Count);
        if (context.Error is { } error)
        {
            activity.SetTag(Tags.ErrorType, error.Kind.ToName());
            activity.SetStatus(ActivityStatusCode.Error, error.Kind.ToName());
        }
    }

    private void Record(PurserContext context)
    {
        if (_tokens.Enabled || _duration.Enabled)
        {
            var tags = new TagList
            {
                { GenAi.OperationName, GenAi.Operation(context) },
                { GenAi.ProviderName, context.ServedBy is { } s ? GenAi.Provider(s.Provider) : "none" },
                { GenAi.RequestModel, context.Request.Model },
                { GenAi.ResponseModel, context.ServedBy?.Model },
            };
            if (_tokens.Enabled && context.CacheStatus != CacheStatus.Hit)
            {
                TagList input = tags;
                input.Add(GenAi.TokenType, "input");
                _tokens.Record(context.Usage.InputTokens, input);
                TagList output = tags;
                output.Add(GenAi.TokenType, "output");
                _tokens.Record(context.Usage.OutputTokens, output);
            }

            if (_duration.Enabled)
            {
                if (context.Error is { } error)
                {
                    tags.Add(Tags.ErrorType, error.Kind.ToName());
                }

                _duration.Record((context.Latency ?? TimeSpan.Zero).TotalSeconds, tags);
            }
        }

        if (_calls.Enabled)
        {
            _calls.Add(1, new KeyValuePair<string, object?>(Tags.Outcome, context.Error is null ? "ok" : context.Error.Kind.ToName()));
        }

        if (_cost.Enabled && context.CostUsd is decimal cost && cost > 0)
        {
            _cost.Add((double)cost, new KeyValuePair<string, object?>(Tags.Deployment, context.ServedBy?.Id ?? context.Attempts.LastOrDefault()?.Deployment.Id), new KeyValuePair<string, object?>(Tags.Project, context.Attribution.Project));
        }

        if (context.CacheStatus == CacheStatus.Hit && _cacheHits.Enabled)
        {
            _cacheHits.Add(1, new KeyValuePair<string, object?>(Tags.Operation, context.Attribution.Operation));
        }
        else if (context.CacheStatus == CacheStatus.Miss && _cacheMisses.Enabled)
        {
            _cacheMisses.Add(1, new KeyValuePair<string, object?>(Tags.Operation, context.Attribution.Operation));
        }

        if (context.CacheStatus == CacheStatus.Hit && context.SavedUsd is decimal saved && _cacheSavings.Enabled)
        {
            _cacheSavings.Add((double)saved, new KeyValuePair<string, object?>(Tags.Operation, context.Attribution.Operation));
        }

        if (context.Error?.Kind == ErrorKind.BudgetExceeded && _budgetRefusals.Enabled)
        {
            _budgetRefusals.Add(1);
        }

        if (context.Attempts.Count > 1 && (_retries.Enabled || _fallbacks.Enabled))
        {
            for (int i = 1; i < context.Attempts.Count; i++)
            {
                Deployment previous = context.Attempts[i - 1].Deployment, current = context.Attempts[i].Deployment;
                (previous.Id == current.Id ? _retries : _fallbacks).Add(1, new KeyValuePair<string, object?>(Tags.Deployment, current.Id));
            }
        }
    }

    private static IEnumerable<Measurement<double>> BudgetsRemaining(IServiceProvider? services)
    {
        if (services?.GetService<BudgetManager>() is not { } budgets)
        {
            return [];
        }

        return budgets.Status().Select(b => new Measurement<double>(
            (double)b.Remaining,
            new KeyValuePair<string, object?>(Tags.Budget, b.Name),
            new KeyValuePair<string, object?>(Tags.BudgetValue, b.Value ?? ""),
            new KeyValuePair<string, object?>(Tags.BudgetUnit, b.Unit)));
    }

    private static int OpenCircuits(IServiceProvider? services)
    {
        if (services?.GetService<DeploymentHealthRegistry>() is not { } health)
        {
            return 0;
        }

        return health.Snapshot().Count(s => s.Circuit is CircuitStatus.Open or CircuitStatus.Isolated);
    }

    private static string CacheName(CacheStatus status) => status switch
    {
        CacheStatus.Hit => "hit",
        CacheStatus.Miss => "miss",
        CacheStatus.Bypass => "bypass",
        _ => "none",
    };

    public void Dispose() => _meter.Dispose();

    /// <summary>The GenAI semantic conventions' names.</summary>
    private static class GenAi
    {
        public const string OperationName = "gen_ai.operation.name";
        public const string ProviderName = "gen_ai.provider.name";
        public const string RequestModel = "gen_ai.request.model";
        public const string RequestMaxTokens = "gen_ai.request.max_tokens";
        public const string RequestTemperature = "gen_ai.request.temperature";
        public const string ResponseModel = "gen_ai.response.model";
        public const string UsageInputTokens = "gen_ai.usage.input_tokens";
        public const string UsageOutputTokens = "gen_ai.usage.output_tokens";
        public const string TokenType = "gen_ai.token.type";
        public const string Chat = "chat";
        public const string Embeddings = "embeddings";

        /// <summary>The convention's operation name of a call: <c>embeddings</c> for POST /v1/embeddings, else <c>chat</c>.</summary>
        public static string Operation(PurserContext context) => context.Request.Embedding is null ? Chat : Embeddings;

        /// <summary>The convention's name for a well-known provider; a provider of the user's own keeps its configured name.</summary>
        public static string Provider(string configured) => configured.ToLowerInvariant() switch
        {
            "gemini" or "google" => "gcp.gemini",
            "xai" or "grok" => "x_ai",
            "mistral" => "mistral_ai",
            "azure" => "azure.ai.openai",
            var name => name,
        };
    }

    /// <summary>Purser's own attribute names.</summary>
    private static class Tags
    {
        public const string ErrorType = "error.type";
        public const string HttpStatus = "http.response.status_code";
        public const string RequestId = "purser.request_id";
        public const string Deployment = "purser.deployment";
        public const string Attempt = "purser.attempt";
        public const string Attempts = "purser.attempts";
        public const string Cost = "purser.cost_usd";
        public const string CacheStatus = "purser.cache.status";
        public const string Route = "purser.route";
        public const string BudgetTier = "purser.budget.tier";
        public const string Project = "purser.project";
        public const string Agent = "purser.agent";
        public const string KeyId = "purser.key_id";
        public const string Operation = "purser.operation";
        public const string Outcome = "purser.outcome";
        public const string Budget = "purser.budget";
        public const string BudgetValue = "purser.budget.value";
        public const string BudgetUnit = "purser.budget.unit";
    }
}
