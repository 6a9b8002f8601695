using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Purser.Caching;
using Purser.Chat;
using Purser.Routing;
using Purser.Usage;

namespace Purser.MicroBenchmarks.Caching;

/// <summary>
/// What the exact cache adds to a call: the key (canonical form + SHA-256) of the load benchmark's request, a miss
/// that leads a flight and ends it, and a hit with the answer copied out of the memory front.
/// </summary>
[MemoryDiagnoser]
public class CacheLookupBenchmarks
{
    private static readonly Deployment[] Targets = [new("openai", "gpt-4o-mini")];
    private ChatRequest _request = null!;
    private ChatRequest _other = null!;
    private ResponseCache _cache = null!;

    [GlobalSetup]
    public void Setup()
    {
        _request = Request("What is six times seven?");
        _other = Request("What is seven times eight?");
        var options = new CacheOptions();
        _cache = new ResponseCache(new NoStore(), new CachePolicy(options), TimeProvider.System, NullLogger<ResponseCache>.Instance);
        _cache.Ready.GetAwaiter().GetResult();
        var answer = new ChatResponse { Id = "chatcmpl-1", Model = "gpt-4o-mini", Usage = new TokenUsage(42, 16, 16) };
        answer.Content.Add(new TextPart("42"));
        DateTimeOffset now = TimeProvider.System.GetUtcNow();
        _cache.Store(new CacheEntry
        {
            Key = CacheKeyBuilder.Compute(_request, "global", Targets),
            Partition = "global",
            Operation = "chat",
            Provider = "openai",
            Model = "gpt-4o-mini",
            CreatedAt = now,
            ExpiresAt = now.AddDays(1),
            Response = CachedAnswer.Serialize(answer),
            Usage = answer.Usage,
            CostUsd = 0.0000159m,
        });
    }

    [GlobalCleanup]
    public void Cleanup() => _cache.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public CacheKey Key() => CacheKeyBuilder.Compute(_request, "global", Targets);

    [Benchmark]
    public async Task<bool> MissAndLead()
    {
        CacheKey key = CacheKeyBuilder.Compute(_other, "global", Targets);
        CacheLookup found = await _cache.LookupAsync(key, read: true, lead: true, CancellationToken.None);
        _cache.Complete(found.Flight!, null);
        return found.Entry is null;
    }

    [Benchmark]
    public async Task<string> Hit()
    {
        CacheKey key = CacheKeyBuilder.Compute(_request, "global", Targets);
        CacheLookup found = await _cache.LookupAsync(key, read: true, lead: true, CancellationToken.None);
        return found.Entry!.ToResponse().Text;
    }

    private static ChatRequest Request(string question)
    {
        var request = new ChatRequest { Model = "gpt-4o-mini", MaxTokens = 64, Temperature = 0 };
        request.System.Add(new TextPart("You are a terse assistant. Answer with the number only."));
        request.Messages.Add(ChatMessage.FromText(ChatRole.User, question));
        return request;
    }

    /// <summary>Keeps nothing: the benchmark measures the in-memory path.</summary>
    private sealed class NoStore : ICacheStore
    {
        public Task<IReadOnlyList<CacheIndexEntry>> LoadIndexAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<CacheIndexEntry>>([]);

        public Task<CacheEntry?> GetAsync(CacheKey key, CancellationToken cancellationToken) => Task.FromResult<CacheEntry?>(null);

        public Task WriteAsync(IReadOnlyList<CacheEntry> entries, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult(0);

        public Task<IReadOnlyList<CacheKey>> ClearAsync(CacheClearFilter filter, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<CacheKey>>([]);

        public Task<IReadOnlyList<CacheOperationStats>> StatsAsync(DateTimeOffset? since, DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<CacheOperationStats>>([]);
    }
}
