using Microsoft.Extensions.Logging.Abstractions;
using Purser.Ledger;
using Purser.Tests;

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
    public async Task AppendAsync_StrictWithTheWriterIdle_CommitsOnTheCallersThreadWithoutAHandOff()
    {
        var store = new FaultyStore();
        // A manual clock: no probe runs the writer's loop meanwhile.
        await using var writer = new LedgerWriter(store, new LedgerOptions { Durability = LedgerDurability.Strict }, NullLogger<LedgerWriter>.Instance, new ManualTimeProvider());

        for (int i = 0; i < 3; i++)
        {
            int caller = Environment.CurrentManagedThreadId;
            ValueTask<bool> append = writer.AppendAsync(Entry("lone" + i));

            append.IsCompletedSuccessfully.ShouldBeTrue(); // committed before AppendAsync returned: nobody was woken
            (await append).ShouldBeTrue();
            store.AppendThreads[^1].ShouldBe(caller);
        }

        store.Rows.Select(r => r.RequestId).ShouldBe(["lone0", "lone1", "lone2"]);
        writer.Batches.ShouldBe(3);
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

    [Fact]
    public async Task StoreFailsEveryTry_StrictAppendAnswersFalseAfterBoundedTries_InsteadOfWaitingForever()
    {
        var store = new FaultyStore { Fail = true };
        using var spool = new TempFolder();
        await using var writer = new LedgerWriter(store, new LedgerOptions { Durability = LedgerDurability.Strict, WriteAttempts = 3, SpoolFolder = spool.Path }, NullLogger<LedgerWriter>.Instance);

        bool committed = await writer.AppendAsync(Entry("x")).AsTask().WaitAsync(TimeSpan.FromSeconds(20));

        committed.ShouldBeFalse();
        writer.FailedBatches.ShouldBe(3);
        writer.Status.State.ShouldBe(LedgerState.Failing);
        writer.Status.Problem!.ShouldContain("database or disk is full");
        writer.Status.SetAside.ShouldBe(1);
        writer.AcceptsCalls.ShouldBeFalse(); // strict: no call may start that could not be recorded
    }

    [Fact]
    public async Task Failing_FastRowsAreSpooled_AndAProbeWritesThemOnceTheStoreRecovers_NoneLostNoneTwice()
    {
        var clock = new ManualTimeProvider();
        var store = new FaultyStore { Fail = true };
        using var spool = new TempFolder();
        await using var writer = new LedgerWriter(store, new LedgerOptions { Durability = LedgerDurability.Fast, WriteAttempts = 1, SpoolFolder = spool.Path }, NullLogger<LedgerWriter>.Instance, clock);

        for (int i = 0; i < 20; i++)
        {
            (await writer.AppendAsync(Entry("f" + i))).ShouldBeTrue();
        }

        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        writer.Status.State.ShouldBe(LedgerState.Failing);
        writer.AcceptsCalls.ShouldBeTrue(); // fast: the spool keeps the rows on disk
        Directory.GetFiles(spool.Path).Length.ShouldBe(1);
        store.Rows.ShouldBeEmpty();

        clock.Advance(TimeSpan.FromSeconds(1)); // a probe while the store still fails changes nothing
        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        writer.Status.State.ShouldBe(LedgerState.Failing);

        store.Fail = false;
        clock.Advance(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => writer.Status.State == LedgerState.Healthy);

        store.Rows.Select(r => r.RequestId).ShouldBe(Enumerable.Range(0, 20).Select(i => "f" + i));
        Directory.GetFiles(spool.Path).ShouldBeEmpty();
        await writer.AppendAsync(Entry("after"));
        await writer.FlushAsync();
        store.Rows.Count.ShouldBe(21);
    }

    [Fact]
    public async Task Strict_RowNotCommitted_TheCorrectedRowReplacesTheOneSetAside()
    {
        var clock = new ManualTimeProvider();
        var store = new FaultyStore { Fail = true };
        using var spool = new TempFolder();
        await using var writer = new LedgerWriter(store, new LedgerOptions { Durability = LedgerDurability.Strict, WriteAttempts = 1, SpoolFolder = spool.Path }, NullLogger<LedgerWriter>.Instance, clock);

        (await writer.AppendAsync(Entry("call", status: 200))).ShouldBeFalse();
        (await writer.AppendAsync(Entry("call", status: 503))).ShouldBeFalse(); // what the caller really got
        store.Fail = false;
        clock.Advance(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => writer.Status.State == LedgerState.Healthy);

        store.Rows.Single().Status.ShouldBe(503);
        writer.AcceptsCalls.ShouldBeTrue();
    }

    [Fact]
    public async Task RowsLeftInTheSpool_AreWrittenWhenTheNextWriterStarts_BeforeAnythingElse()
    {
        using var spool = new TempFolder();
        var failing = new FaultyStore { Fail = true };
        await using (var first = new LedgerWriter(failing, new LedgerOptions { Durability = LedgerDurability.Fast, WriteAttempts = 1, SpoolFolder = spool.Path }, NullLogger<LedgerWriter>.Instance))
        {
            await first.AppendAsync(Entry("a"));
            await first.AppendAsync(Entry("b"));
        }

        Directory.GetFiles(spool.Path).Length.ShouldBe(1);
        var store = new FaultyStore();

        await using var second = new LedgerWriter(store, new LedgerOptions { Durability = LedgerDurability.Strict, SpoolFolder = spool.Path }, NullLogger<LedgerWriter>.Instance);

        store.Rows.Select(r => r.RequestId).ShouldBe(["a", "b"]); // written in the constructor
        second.Status.State.ShouldBe(LedgerState.Healthy);
        Directory.GetFiles(spool.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task SpoolLeftByEarlierRun_StoreStillFailing_StartsFailingAndRefusesStrictCalls()
    {
        using var spool = new TempFolder();
        await using (var first = new LedgerWriter(new FaultyStore { Fail = true }, new LedgerOptions { Durability = LedgerDurability.Fast, WriteAttempts = 1, SpoolFolder = spool.Path }, NullLogger<LedgerWriter>.Instance))
        {
            await first.AppendAsync(Entry("a"));
        }

        await using var second = new LedgerWriter(new FaultyStore { Fail = true }, new LedgerOptions { Durability = LedgerDurability.Strict, SpoolFolder = spool.Path }, NullLogger<LedgerWriter>.Instance);

        second.Status.State.ShouldBe(LedgerState.Failing);
        second.Status.SetAside.ShouldBe(1);
        second.AcceptsCalls.ShouldBeFalse();
        Directory.GetFiles(spool.Path).Length.ShouldBe(1); // kept for the next try
    }

    [Fact]
    public async Task SpoolFileOfALiveWriter_IsNotTakenByAnother()
    {
        var clock = new ManualTimeProvider();
        using var spool = new TempFolder();
        var failing = new FaultyStore { Fail = true };
        await using var first = new LedgerWriter(failing, new LedgerOptions { Durability = LedgerDurability.Fast, WriteAttempts = 1, SpoolFolder = spool.Path }, NullLogger<LedgerWriter>.Instance, clock);
        await first.AppendAsync(Entry("mine"));
        await first.FlushAsync();

        var other = new FaultyStore();
        await using var second = new LedgerWriter(other, new LedgerOptions { SpoolFolder = spool.Path }, NullLogger<LedgerWriter>.Instance);

        other.Rows.ShouldBeEmpty(); // locked by its live writer
        failing.Fail = false;
        clock.Advance(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => first.Status.State == LedgerState.Healthy);
        failing.Rows.Select(r => r.RequestId).ShouldBe(["mine"]);
    }

    [Fact]
    public async Task DatabaseFileGone_LedgerIsLost_RefusesAllCalls_AndWritesNothingMoreToTheOldFile()
    {
        var clock = new ManualTimeProvider();
        var store = new FaultyStore();
        using var spool = new TempFolder();
        await using var writer = new LedgerWriter(store, new LedgerOptions { Durability = LedgerDurability.Fast, SpoolFolder = spool.Path }, NullLogger<LedgerWriter>.Instance, clock);
        await writer.AppendAsync(Entry("before"));
        await writer.FlushAsync();

        store.Lost = "the database file x was deleted while Purser was running";
        clock.Advance(TimeSpan.FromSeconds(1)); // the probe notices without any traffic
        await WaitUntilAsync(() => writer.Status.State == LedgerState.Lost);
        writer.AcceptsCalls.ShouldBeFalse(); // also in fast durability
        await writer.AppendAsync(Entry("in flight"));
        await writer.FlushAsync();

        store.Rows.Select(r => r.RequestId).ShouldBe(["before"]);
        writer.Status.SetAside.ShouldBe(1);
        Directory.GetFiles(spool.Path).Length.ShouldBe(1);
        writer.Status.Problem!.ShouldContain("deleted");
    }

    [Fact]
    public async Task SpoolCannotBeWritten_RowsAreHeldInMemory_FastStopsAcceptingCalls_AndTheyAreWrittenOnRecovery()
    {
        var clock = new ManualTimeProvider();
        var store = new FaultyStore { Fail = true };
        using var folder = new TempFolder();
        string notAFolder = Path.Combine(folder.Path, "file");
        await File.WriteAllTextAsync(notAFolder, "x"); // the spool folder's place is taken by a file
        await using var writer = new LedgerWriter(store, new LedgerOptions { Durability = LedgerDurability.Fast, WriteAttempts = 1, SpoolFolder = notAFolder }, NullLogger<LedgerWriter>.Instance, clock);

        await writer.AppendAsync(Entry("held"));
        await writer.FlushAsync();

        writer.Status.SpoolWorks.ShouldBeFalse();
        writer.AcceptsCalls.ShouldBeFalse();
        store.Fail = false;
        clock.Advance(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => writer.Status.State == LedgerState.Healthy);
        store.Rows.Select(r => r.RequestId).ShouldBe(["held"]);
        writer.AcceptsCalls.ShouldBeTrue();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the condition did not hold within 10 s");
            await Task.Delay(10);
        }
    }

    private static LedgerEntry Entry(string id, int status) => new() { RequestId = id, Timestamp = DateTimeOffset.UnixEpoch, Status = status };

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

    /// <summary>A store that fails on demand ("database or disk is full") or reports its file lost; skips request ids it has, as the real ones do.</summary>
    private sealed class FaultyStore : ILedgerStore
    {
        private readonly Lock _lock = new();
        private readonly List<LedgerEntry> _rows = [];

        public volatile bool Fail;

        public volatile string? Lost;

        /// <summary>The managed thread of each write.</summary>
        public List<int> AppendThreads { get; } = [];

        public List<LedgerEntry> Rows
        {
            get
            {
                lock (_lock)
                {
                    return [.. _rows];
                }
            }
        }

        public Task AppendAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
        {
            if (Fail)
            {
                throw new IOException("SQLite Error 13: 'database or disk is full'.");
            }

            lock (_lock)
            {
                AppendThreads.Add(Environment.CurrentManagedThreadId);
                foreach (LedgerEntry e in entries)
                {
                    if (!_rows.Any(r => r.RequestId == e.RequestId))
                    {
                        _rows.Add(e);
                    }
                }
            }

            return Task.CompletedTask;
        }

        public ValueTask<string?> CheckIdentityAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Lost);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "purser-spool-" + Guid.NewGuid().ToString("N"));

        public TempFolder() => Directory.CreateDirectory(Path);

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
