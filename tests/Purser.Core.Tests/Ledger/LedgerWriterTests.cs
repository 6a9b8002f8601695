using Microsoft.Extensions.Logging.Abstractions;
using Purser.Ledger;

namespace Purser.Core.Tests.Ledger;

public sealed class LedgerWriterTests
{
    [Fact]
    public async Task AppendAsync_Strict_CompletesOnlyAfterTheBatchIsCommitted()
    {
        var store = new GatedStore();
        await using var writer = new LedgerWriter(store, new LedgerOptions { Durability = LedgerDurability.Strict }, NullLogger<LedgerWriter>.Instance);

        Task append = writer.AppendAsync(Entry("a")).AsTask();
        await store.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        append.IsCompleted.ShouldBeFalse();
        store.Release();
        await append.WaitAsync(TimeSpan.FromSeconds(10));
        store.Written.Select(e => e.RequestId).ShouldBe(["a"]);
    }

    [Fact]
    public async Task AppendAsync_Fast_ReturnsBeforeCommitAndDisposeFlushesEverything()
    {
        var store = new GatedStore();
        var writer = new LedgerWriter(store, new LedgerOptions { Durability = LedgerDurability.Fast }, NullLogger<LedgerWriter>.Instance);

        for (int i = 0; i < 50; i++)
        {
            await writer.AppendAsync(Entry("r" + i)).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }

        store.Written.Count.ShouldBeLessThan(50); // the first batch is still held at the store
        store.Release();
        await writer.DisposeAsync();
        store.Written.Select(e => e.RequestId).ShouldBe(Enumerable.Range(0, 50).Select(i => "r" + i));
    }

    [Fact]
    public async Task AppendAsync_QueueFull_WaitsAndReportsButDropsNothing()
    {
        var store = new GatedStore();
        await using var writer = new LedgerWriter(store, new LedgerOptions { Durability = LedgerDurability.Fast, QueueCapacity = 2, MaxBatchSize = 1 }, NullLogger<LedgerWriter>.Instance);

        await writer.AppendAsync(Entry("held")); // taken by the writer, which blocks in the store
        await store.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await writer.AppendAsync(Entry("q1"));
        await writer.AppendAsync(Entry("q2"));
        Task third = writer.AppendAsync(Entry("q3")).AsTask();

        third.IsCompleted.ShouldBeFalse();
        writer.QueueFullEvents.ShouldBe(1);
        store.Release();
        await third.WaitAsync(TimeSpan.FromSeconds(10));
        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        store.Written.Select(e => e.RequestId).ShouldBe(["held", "q1", "q2", "q3"]);
    }

    [Fact]
    public async Task ConcurrentAppends_AreGroupCommittedInFewTransactions()
    {
        var store = new GatedStore();
        await using var writer = new LedgerWriter(store, new LedgerOptions { Durability = LedgerDurability.Strict, MaxBatchSize = 512 }, NullLogger<LedgerWriter>.Instance);

        Task first = writer.AppendAsync(Entry("first")).AsTask();
        await store.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Task[] rest = [.. Enumerable.Range(0, 200).Select(i => writer.AppendAsync(Entry("c" + i)).AsTask())]; // all queued behind the held batch
        store.Release();
        await Task.WhenAll(rest.Append(first)).WaitAsync(TimeSpan.FromSeconds(10));

        store.Written.Count.ShouldBe(201);
        store.Batches.ShouldBeLessThanOrEqualTo(3); // the held one, then everyone who queued meanwhile
    }

    [Fact]
    public async Task StoreFailure_IsRetriedUntilTheRowsAreWritten()
    {
        var store = new GatedStore { FailuresLeft = 2 };
        store.Release();
        await using var writer = new LedgerWriter(store, new LedgerOptions { Durability = LedgerDurability.Strict }, NullLogger<LedgerWriter>.Instance);

        await writer.AppendAsync(Entry("x")).AsTask().WaitAsync(TimeSpan.FromSeconds(20));

        writer.FailedBatches.ShouldBe(2);
        store.Written.Select(e => e.RequestId).ShouldBe(["x"]);
    }

    private static LedgerEntry Entry(string id) => new() { RequestId = id, Timestamp = DateTimeOffset.UnixEpoch };

    /// <summary>A store whose writes wait for <see cref="Release"/>; records what it wrote and in how many batches.</summary>
    private sealed class GatedStore : ILedgerStore
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _lock = new();

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<LedgerEntry> Written { get; } = [];

        public int Batches { get; private set; }

        public int FailuresLeft { get; set; }

        public void Release() => _gate.TrySetResult();

        public async Task AppendAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await _gate.Task;
            lock (_lock)
            {
                if (FailuresLeft > 0)
                {
                    FailuresLeft--;
                    throw new IOException("disk is busy");
                }

                Batches++;
                Written.AddRange(entries);
            }
        }
    }
}
