using Purser.Buffers;

namespace Purser.Core.Tests.Buffers;

public sealed class PooledBufferWriterTests
{
    [Fact]
    public void Writes_GrowingPastTheFirstArray_KeepEverythingInOrder()
    {
        using var writer = new PooledBufferWriter(16);
        byte[] expected = [.. Enumerable.Range(0, 100_000).Select(i => (byte)i)];

        for (int at = 0; at < expected.Length; at += 777)
        {
            int take = Math.Min(777, expected.Length - at);
            expected.AsSpan(at, take).CopyTo(writer.GetSpan(take));
            writer.Advance(take);
        }

        writer.WrittenSpan.ToArray().ShouldBe(expected);
        writer.ToArray().ShouldBe(expected);
    }

    [Fact]
    public void EnsureCapacity_Exact_AllocatesThatLengthAndKeepsTheBytes()
    {
        using var writer = new PooledBufferWriter(16);
        "abc"u8.CopyTo(writer.GetSpan(3));
        writer.Advance(3);

        writer.EnsureCapacity(1_234_567, exact: true);

        writer.Capacity.ShouldBe(1_234_567); // a pooled array would be 2 MiB
        writer.WrittenSpan.ToArray().ShouldBe("abc"u8.ToArray());
    }

    [Fact]
    public void AfterDispose_TheWriterRefusesWork()
    {
        var writer = new PooledBufferWriter(16);
        writer.Dispose();
        writer.Dispose(); // twice is harmless

        Should.Throw<ObjectDisposedException>(() => writer.EnsureCapacity(1024));
    }
}
