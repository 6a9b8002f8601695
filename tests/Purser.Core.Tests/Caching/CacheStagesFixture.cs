using Microsoft.Extensions.Logging.Abstractions;
using Purser.Caching;
using Purser.Chat;
using Purser.Pipeline;
using Purser.Routing;
using Purser.Tests;
using Purser.Usage;

namespace Purser.Core.Tests.Caching;

/// <summary>A cache over a fake store with both stages, and calls that look like they came through routing.</summary>
internal sealed class CacheStagesFixture : IAsyncDisposable
{
    public static readonly Deployment Deployment = new("up", "m");

    public CacheStagesFixture(CacheOptions? options = null)
    {
        Cache = new ResponseCache(Store, new CachePolicy(options ?? new CacheOptions()), Time, NullLogger<ResponseCache>.Instance);
        Lookup = new CacheLookupStage(Cache, Time, NullLogger<CacheLookupStage>.Instance);
        StoreStage = new CacheStoreStage(Cache, Time, NullLogger<CacheStoreStage>.Instance);
    }

    public ManualTimeProvider Time { get; } = new();

    public FakeCacheStore Store { get; } = new();

    public ResponseCache Cache { get; }

    public CacheLookupStage Lookup { get; }

    public CacheStoreStage StoreStage { get; }

    public PurserContext Call(string question = "What is 2+2?", string operation = "chat", Action<ChatRequest>? change = null)
    {
        var request = new ChatRequest { Model = "m" };
        request.Messages.Add(ChatMessage.FromText(ChatRole.User, question));
        change?.Invoke(request);
        return new PurserContext(request, "req_" + Guid.NewGuid().ToString("N"), Time.GetUtcNow(), Time.GetTimestamp())
        {
            Route = new RouteDecision([Deployment], "explicit", "named"),
            Attribution = new Attribution { Operation = operation },
        };
    }

    /// <summary>What the dispatcher does for a successful non-streamed answer, and what pricing adds.</summary>
    public static void Answer(PurserContext context, string text, FinishReason finish = FinishReason.Stop, decimal cost = 0.00115m)
    {
        var usage = new TokenUsage(120, 40, cachedInputTokens: 20, reasoningTokens: 10);
        var response = new ChatResponse { Id = "chatcmpl-1", Model = "m-2025", FinishReason = finish, Usage = usage };
        response.Content.Add(new TextPart(text));
        context.Response = response;
        context.ServedBy = Deployment;
        context.Usage = usage;
        context.Attempts.Add(new AttemptRecord(Deployment, 1) { Usage = usage, CostUsd = cost });
        context.CostUsd = cost;
    }

    /// <summary>Runs a call through lookup, a fake upstream answer when it missed, and the store stage.</summary>
    public async Task<PurserContext> RunAsync(string question = "What is 2+2?", string text = "4", string operation = "chat")
    {
        PurserContext context = Call(question, operation);
        await Lookup.InvokeAsync(context, CancellationToken.None);
        if (context.Response is null)
        {
            Answer(context, text);
        }

        await StoreStage.CompleteAsync(context, CancellationToken.None);
        return context;
    }

    public async ValueTask DisposeAsync() => await Cache.DisposeAsync();
}
