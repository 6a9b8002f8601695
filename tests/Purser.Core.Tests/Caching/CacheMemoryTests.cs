using Purser.Caching;

namespace Purser.Core.Tests.Caching;

public sealed class CacheMemoryTests
{
    private static CacheEntry Entry(int id, int bytes, string operation = "chat") => new()
    {
        Key = new CacheKey(0, (UInt128)id),
        Partition = "global",
        Operation = operation,
        Provider = "up",
        Model = "m",
        CreatedAt = DateTimeOffset.UnixEpoch.AddMinutes(id),
        ExpiresAt = DateTimeOffset.UnixEpoch.AddDays(1),
        Response = new byte[bytes],
    };

    [Fact]
    public void Set_PastTheByteBound_EvictsTheLeastRecentlyUsed()
    {
        const int Size = 1000;
        var memory = new CacheMemory(3 * (Size + CacheEntry.Overhead));
        memory.Set(Entry(1, Size));
        memory.Set(Entry(2, Size));
        memory.Set(Entry(3, Size));
        memory.Get(Entry(1, Size).Key).ShouldNotBeNull(); // 1 is now the most recent; 2 the least

        memory.Set(Entry(4, Size));

        memory.Contains(Entry(2, Size).Key).ShouldBeFalse();
        memory.Contains(Entry(1, Size).Key).ShouldBeTrue();
        memory.Contains(Entry(3, Size).Key).ShouldBeTrue();
        memory.Contains(Entry(4, Size).Key).ShouldBeTrue();
        memory.Count.ShouldBe(3);
        memory.Bytes.ShouldBe(3 * (Size + CacheEntry.Overhead));
        memory.Evictions.ShouldBe(1);
    }

    [Fact]
    public void Set_ManyEntries_NeverExceedsTheBound()
    {
        var memory = new CacheMemory(10_000);
        for (int i = 0; i < 200; i++)
        {
            memory.Set(Entry(i, 100 + (i * 37 % 900)));
            memory.Bytes.ShouldBeLessThanOrEqualTo(10_000);
        }

        memory.Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Set_EntryLargerThanTheBound_IsNotKept()
    {
        var memory = new CacheMemory(500);

        memory.Set(Entry(1, 1000)).ShouldBeFalse();

        memory.Count.ShouldBe(0);
        memory.Bytes.ShouldBe(0);
    }

    [Fact]
    public void Set_SameKeyAgain_ReplacesWithoutDoubleCounting()
    {
        var memory = new CacheMemory(100_000);
        memory.Set(Entry(1, 1000));
        memory.Set(Entry(1, 2000));

        memory.Count.ShouldBe(1);
        memory.Bytes.ShouldBe(2000 + CacheEntry.Overhead);
    }

    [Fact]
    public void RemoveWhere_RemovesWhatMatchesAndReturnsTheKeys()
    {
        var memory = new CacheMemory(100_000);
        memory.Set(Entry(1, 10, "debug"));
        memory.Set(Entry(2, 10, "chat"));
        memory.Set(Entry(3, 10, "debug"));

        IReadOnlyList<CacheKey> removed = memory.RemoveWhere(e => e.Operation == "debug");

        removed.Count.ShouldBe(2);
        memory.Count.ShouldBe(1);
        memory.Bytes.ShouldBe(10 + CacheEntry.Overhead);
    }

    [Fact]
    public void ZeroBound_KeepsNothing()
    {
        var memory = new CacheMemory(0);

        memory.Set(Entry(1, 1)).ShouldBeFalse();
        memory.Get(Entry(1, 1).Key).ShouldBeNull();
    }
}
