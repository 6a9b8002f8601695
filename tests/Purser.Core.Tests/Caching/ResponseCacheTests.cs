using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Purser.Caching;
using Purser.Chat;
using Purser.Tests;
using Purser.Usage;

namespace Purser.Core.Tests.Caching;

public sealed class ResponseCacheTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeCacheStore _store = new();
    private readonly List<ResponseCache> _caches = [];

    private async Task<ResponseCache> CacheAsync(CacheOptions? options = null)
    {
        var cache = new ResponseCache(_store, new CachePolicy(options ?? new CacheOptions()), _time, NullLogger<ResponseCache>.Instance);
        _caches.Add(cache);
        await cache.Ready;
        return cache;
    }

    private CacheEntry Entry(int id, TimeSpan ttl, string operation = "chat", string text = "cached answer") => new()
    {
        Key = new CacheKey(7, (UInt128)id),
        Partition = "global",
        Operation = operation,
        Provider = "up",
        Model = "m",
        CreatedAt = _time.GetUtcNow(),
        ExpiresAt = _time.GetUtcNow() + ttl,
        Response = CachedAnswer.Serialize(Answer(text)),
        Usage = new TokenUsage(100, 20),
        CostUsd = 0.001m,
    };

    private static ChatResponse Answer(string text)
    {
        var response = new ChatResponse { Id = "a1", Model = "m", Usage = new TokenUsage(100, 20) };
        response.Content.Add(new TextPart(text));
        return response;
    }

    [Fact]
    public async Task Lookup_AfterStore_Hits()
    {
        ResponseCache cache = await CacheAsync();
        CacheEntry entry = Entry(1, TimeSpan.FromHours(1));
        cache.Store(entry);

        CacheLookup found = await cache.LookupAsync(entry.Key, read: true, lead: true, CancellationToken.None);

        found.Entry.ShouldBeSameAs(entry);
        found.Flight.ShouldBeNull();
        found.Entry!.ToResponse().Text.ShouldBe("cached answer");
    }

    [Fact]
    public async Task Lookup_UnknownKey_MissesWithoutAskingTheStore()
    {
        ResponseCache cache = await CacheAsync();

        CacheLookup found = await cache.LookupAsync(new CacheKey(1, 2), read: true, lead: false, CancellationToken.None);

        found.Entry.ShouldBeNull();
        _store.Gets.ShouldBe(0);
    }

    [Fact]
    public async Task Lookup_AfterTheTtl_Misses()
    {
        ResponseCache cache = await CacheAsync();
        CacheEntry entry = Entry(1, TimeSpan.FromHours(1));
        cache.Store(entry);

        _time.Advance(TimeSpan.FromMinutes(59));
        (await cache.LookupAsync(entry.Key, true, false, CancellationToken.None)).Entry.ShouldNotBeNull();
        _time.Advance(TimeSpan.FromMinutes(1));
        (await cache.LookupAsync(entry.Key, true, false, CancellationToken.None)).Entry.ShouldBeNull();
        cache.IndexedKeys.ShouldBe(0);
        cache.Memory.Count.ShouldBe(0);
    }

    [Fact]
    public async Task Lookup_EntryEvictedFromMemory_IsReadFromTheStore()
    {
        ResponseCache cache = await CacheAsync(new CacheOptions { MemoryBytes = 0 });
        CacheEntry entry = Entry(1, TimeSpan.FromHours(1));
        cache.Store(entry);
        await cache.FlushAsync();

        CacheLookup found = await cache.LookupAsync(entry.Key, true, false, CancellationToken.None);

        found.Entry.ShouldNotBeNull();
        _store.Gets.ShouldBe(1);
    }

    [Fact]
    public async Task Lookup_EntryNotYetWrittenAndNotInMemory_IsStillFound()
    {
        _store.HoldWrites = new TaskCompletionSource();
        ResponseCache cache = await CacheAsync(new CacheOptions { MemoryBytes = 0 });
        CacheEntry entry = Entry(1, TimeSpan.FromHours(1));
        cache.Store(entry);

        (await cache.LookupAsync(entry.Key, true, false, CancellationToken.None)).Entry.ShouldBeSameAs(entry);
        _store.HoldWrites.SetResult();
    }

    [Fact]
    public async Task NewCache_OverTheSameStore_FindsTheEntries()
    {
        ResponseCache first = await CacheAsync();
        CacheEntry entry = Entry(1, TimeSpan.FromHours(1));
        first.Store(entry);
        await first.DisposeAsync();

        ResponseCache second = await CacheAsync();

        second.IndexedKeys.ShouldBe(1);
        (await second.LookupAsync(entry.Key, true, false, CancellationToken.None)).Entry!.ToResponse().Text.ShouldBe("cached answer");
    }

    [Fact]
    public async Task Lookup_IdenticalCallsInFlight_WaitForTheLeaderAndShareItsEntry()
    {
        ResponseCache cache = await CacheAsync();
        CacheKey key = Entry(1, TimeSpan.FromHours(1)).Key;

        CacheLookup leader = await cache.LookupAsync(key, true, true, CancellationToken.None);
        leader.Flight.ShouldNotBeNull();
        Task<CacheLookup>[] followers = [.. Enumerable.Range(0, 5).Select(_ => cache.LookupAsync(key, true, true, CancellationToken.None).AsTask())];
        cache.Waiting.ShouldBe(5);
        followers.ShouldAllBe(f => !f.IsCompleted);

        CacheEntry entry = Entry(1, TimeSpan.FromHours(1));
        cache.Store(entry);
        cache.Complete(leader.Flight!, entry);

        foreach (Task<CacheLookup> follower in followers)
        {
            CacheLookup found = await follower;
            found.Entry.ShouldBeSameAs(entry);
            found.Coalesced.ShouldBeTrue();
            found.Flight.ShouldBeNull();
        }

        cache.InFlight.ShouldBe(0);
        cache.Waiting.ShouldBe(0);
    }

    [Fact]
    public async Task Lookup_LeaderStoredNothing_FollowersGoUpstreamThemselves()
    {
        ResponseCache cache = await CacheAsync();
        CacheKey key = new(1, 1);
        CacheLookup leader = await cache.LookupAsync(key, true, true, CancellationToken.None);
        Task<CacheLookup> follower = cache.LookupAsync(key, true, true, CancellationToken.None).AsTask();

        cache.Complete(leader.Flight!, null);

        CacheLookup found = await follower;
        found.Entry.ShouldBeNull();
        found.Flight.ShouldBeNull();
    }

    [Fact]
    public async Task Lookup_LeaderTakesLongerThanTheWaitCap_FollowerGoesUpstream()
    {
        ResponseCache cache = await CacheAsync(new CacheOptions { CoalesceWaitSeconds = 30 });
        CacheKey key = new(1, 1);
        CacheLookup leader = await cache.LookupAsync(key, true, true, CancellationToken.None);
        Task<CacheLookup> follower = cache.LookupAsync(key, true, true, CancellationToken.None).AsTask();

        _time.Advance(TimeSpan.FromSeconds(29));
        follower.IsCompleted.ShouldBeFalse();
        _time.Advance(TimeSpan.FromSeconds(1));

        (await follower).Entry.ShouldBeNull();
        cache.Complete(leader.Flight!, null);
    }

    [Fact]
    public async Task Lookup_RefreshDoesNotWaitAndNoStoreDoesNotLead()
    {
        ResponseCache cache = await CacheAsync();
        CacheKey key = new(1, 1);
        CacheLookup leader = await cache.LookupAsync(key, true, true, CancellationToken.None);

        CacheLookup refresh = await cache.LookupAsync(key, read: false, lead: true, CancellationToken.None);
        refresh.Entry.ShouldBeNull();
        refresh.Flight.ShouldBeNull();
        cache.Complete(leader.Flight!, null);

        CacheLookup noStore = await cache.LookupAsync(key, read: true, lead: false, CancellationToken.None);
        noStore.Flight.ShouldBeNull();
        cache.InFlight.ShouldBe(0);
    }

    [Fact]
    public async Task Lookup_CoalescingOff_EveryMissGoesUpstream()
    {
        ResponseCache cache = await CacheAsync(new CacheOptions { Coalesce = false });
        CacheKey key = new(1, 1);

        (await cache.LookupAsync(key, true, true, CancellationToken.None)).Flight.ShouldBeNull();
        (await cache.LookupAsync(key, true, true, CancellationToken.None)).Entry.ShouldBeNull();
    }

    [Fact]
    public async Task Lookup_FollowerCancelled_StopsWaiting()
    {
        ResponseCache cache = await CacheAsync();
        CacheKey key = new(1, 1);
        CacheLookup leader = await cache.LookupAsync(key, true, true, CancellationToken.None);
        using var cts = new CancellationTokenSource();
        Task<CacheLookup> follower = cache.LookupAsync(key, true, true, cts.Token).AsTask();

        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(follower);
        cache.Waiting.ShouldBe(0);
        cache.Complete(leader.Flight!, null);
    }

    [Fact]
    public async Task Clear_ByOperationAndAge_RemovesFromStoreAndMemory()
    {
        ResponseCache cache = await CacheAsync();
        CacheEntry oldDebug = Entry(1, TimeSpan.FromDays(7), "debug");
        _time.Advance(TimeSpan.FromDays(2));
        CacheEntry newDebug = Entry(2, TimeSpan.FromDays(7), "debug");
        CacheEntry review = Entry(3, TimeSpan.FromDays(7), "code_review");
        cache.Store(oldDebug);
        cache.Store(newDebug);
        cache.Store(review);

        int removed = await cache.ClearAsync(new CacheClearFilter { Operation = "debug", CreatedBefore = _time.GetUtcNow().AddDays(-1) }, CancellationToken.None);

        removed.ShouldBe(1);
        (await cache.LookupAsync(oldDebug.Key, true, false, CancellationToken.None)).Entry.ShouldBeNull();
        (await cache.LookupAsync(newDebug.Key, true, false, CancellationToken.None)).Entry.ShouldNotBeNull();
        (await cache.LookupAsync(review.Key, true, false, CancellationToken.None)).Entry.ShouldNotBeNull();
        _store.Entries.Count.ShouldBe(2);

        (await cache.ClearAsync(CacheClearFilter.All, CancellationToken.None)).ShouldBe(2);
        cache.Memory.Count.ShouldBe(0);
        cache.IndexedKeys.ShouldBe(0);
    }

    [Fact]
    public async Task Purge_ForgetsExpiredKeysNobodyAskedForAgain()
    {
        ResponseCache cache = await CacheAsync();
        cache.Store(Entry(1, TimeSpan.FromMinutes(5)));
        cache.Store(Entry(2, TimeSpan.FromDays(1)));
        await cache.FlushAsync();

        _time.Advance(TimeSpan.FromMinutes(11)); // past the entry's TTL and the purge interval
        cache.Store(Entry(3, TimeSpan.FromDays(1))); // a write wakes the writer, which purges
        await cache.FlushAsync();

        cache.IndexedKeys.ShouldBe(2);
        cache.Memory.Count.ShouldBe(2);
        _store.Entries.ContainsKey(Entry(1, TimeSpan.Zero).Key).ShouldBeFalse();
    }

    [Fact]
    public async Task Stats_ReportTheStoreAndTheMemory()
    {
        ResponseCache cache = await CacheAsync();
        cache.Store(Entry(1, TimeSpan.FromHours(1), "debug"));
        cache.Store(Entry(2, TimeSpan.FromHours(1), "debug"));

        CacheStatsReport report = await cache.StatsAsync("all", CancellationToken.None);

        report.Operations.ShouldHaveSingleItem().Entries.ShouldBe(2);
        report.Totals.Entries.ShouldBe(2);
        report.Memory.Entries.ShouldBe(2);
        report.Memory.IndexedKeys.ShouldBe(2);
        report.Since.ShouldBeNull();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (ResponseCache cache in _caches)
        {
            await cache.DisposeAsync();
        }
    }
}
