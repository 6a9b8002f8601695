using System.Text.Json;
using Purser.Buffers;

namespace Purser.Core.Tests.Buffers;

public sealed class SegmentedBufferWriterTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(64 * 1024)]
    [InlineData(1_000_003)]
    public void ToArray_AfterManyWrites_HoldsExactlyWhatWasWritten(int length)
    {
        byte[] expected = new byte[length];
        new Random(length).NextBytes(expected);
        using var writer = new SegmentedBufferWriter();

        int at = 0;
        var rng = new Random(1);
        while (at < length)
        {
            int chunk = Math.Min(length - at, rng.Next(1, 9000));
            Span<byte> span = writer.GetSpan(rng.Next(0, 2) == 0 ? 0 : chunk);
            int take = Math.Min(chunk, span.Length);
            expected.AsSpan(at, take).CopyTo(span);
            writer.Advance(take);
            at += take;
        }

        writer.WrittenCount.ShouldBe(length);
        writer.ToArray().ShouldBe(expected);
    }

    [Fact]
    public void GetSpan_LargerThanASegment_GetsOneSpanThatLarge()
    {
        using var writer = new SegmentedBufferWriter();
        writer.GetSpan(10).Length.ShouldBeGreaterThanOrEqualTo(10);
        writer.Advance(3);

        Span<byte> big = writer.GetSpan(200_000);

        big.Length.ShouldBeGreaterThanOrEqualTo(200_000);
    }

    [Fact]
    public void AsAJsonWriterOutput_ProducesTheDocument()
    {
        using var buffer = new SegmentedBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (int i = 0; i < 50_000; i++)
            {
                writer.WriteStringValue("item " + i);
            }

            writer.WriteEndArray();
        }

        using JsonDocument document = JsonDocument.Parse(buffer.ToArray());
        document.RootElement.GetArrayLength().ShouldBe(50_000);
        document.RootElement[49_999].GetString().ShouldBe("item 49999");
    }

    [Fact]
    public void Advance_PastTheSpan_Throws()
    {
        using var writer = new SegmentedBufferWriter();
        int length = writer.GetSpan(1).Length;

        Should.Throw<InvalidOperationException>(() => writer.Advance(length + 1));
    }
}
