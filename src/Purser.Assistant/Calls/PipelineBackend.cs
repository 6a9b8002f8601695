using Purser.Caching;
using Purser.Chat;
using Purser.Errors;
using Purser.Pipeline;

namespace Purser.Assistant.Calls;

/// <summary>Runs assistant calls through <see cref="PurserPipeline"/> in this process: the same routing, budgets, cache, pricing and ledger as the gateway.</summary>
internal sealed class PipelineBackend : IAssistantBackend
{
    private readonly PurserPipeline _pipeline;
    private readonly bool _refresh;

    public PipelineBackend(PurserPipeline pipeline)
        : this(pipeline, refresh: false)
    {
    }

    /// <param name="pipeline">Purser's pipeline in this process.</param>
    /// <param name="refresh">Never answer from the response cache (<c>--no-cache</c>); fresh answers are still stored.</param>
    public PipelineBackend(PurserPipeline pipeline, bool refresh)
    {
        _pipeline = pipeline;
        _refresh = refresh;
    }

    public bool IsRemote => false;

    public async ValueTask SendAsync(ChatRequest request, AssistantCallRequest spec, AssistantCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(call);
        PurserContext context = _pipeline.CreateContext(request);
        context.Attribution = new Attribution
        {
            Operation = spec.Operation,
            Repository = spec.Repository,
            Project = spec.Project,
            Tags = [.. spec.Tags],
        };
        context.Origin = spec.Origin;
        foreach ((object item, object value) in spec.ContextItems)
        {
            context.Items[item] = value;
        }

        if (AssistantCaller.Current is { } key)
        {
            Keys.KeyRegistry.Apply(context, key);
        }

        AssistantCacheUse use = _refresh && spec.Cache == AssistantCacheUse.Use ? AssistantCacheUse.Refresh : spec.Cache;
        context.CacheDirectives = new CacheDirectives
        {
            AllowNonDeterministic = true,
            NoRead = use is AssistantCacheUse.Refresh or AssistantCacheUse.Off,
            NoWrite = use is AssistantCacheUse.NoStore or AssistantCacheUse.Off,
        };
        await _pipeline.ExecuteAsync(context, cancellationToken);

        call.RequestId = context.RequestId;
        call.ServedBy = context.ServedBy?.Id;
        call.Usage = context.Usage;
        call.CostUsd = context.CostUsd;
        call.Cached = context.CacheStatus == CacheStatus.Hit;
        call.Elapsed = context.Latency ?? _pipeline.Time.GetElapsedTime(context.StartTimestamp);
        call.Warnings.AddRange(context.Warnings);
        if (context.Error is { } error)
        {
            call.Error = new AssistantError(error.StatusCode, error.Kind.ToName(), error.Message);
            return;
        }

        call.Text = context.Response?.Text ?? "";
        call.FinishReason = context.Response?.FinishReason;
    }
}
