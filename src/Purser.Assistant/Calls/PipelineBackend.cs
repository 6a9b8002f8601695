using Purser.Chat;
using Purser.Errors;
using Purser.Pipeline;

namespace Purser.Assistant.Calls;

/// <summary>Runs assistant calls through <see cref="PurserPipeline"/> in this process: the same routing, budgets, cache, pricing and ledger as the gateway.</summary>
public sealed class PipelineBackend(PurserPipeline pipeline) : IAssistantBackend
{
    public bool IsRemote => false;

    public async ValueTask SendAsync(ChatRequest request, AssistantCallRequest spec, AssistantCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(call);
        PurserContext context = pipeline.CreateContext(request);
        context.Attribution = new Attribution
        {
            Operation = spec.Operation,
            Repository = spec.Repository,
            Project = spec.Project,
            Tags = [.. spec.Tags],
        };
        context.Origin = spec.Origin;
        await pipeline.ExecuteAsync(context, cancellationToken);

        call.RequestId = context.RequestId;
        call.ServedBy = context.ServedBy?.Id;
        call.Usage = context.Usage;
        call.CostUsd = context.CostUsd;
        call.Cached = context.CacheStatus == CacheStatus.Hit;
        call.Elapsed = context.Latency ?? pipeline.Time.GetElapsedTime(context.StartTimestamp);
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
