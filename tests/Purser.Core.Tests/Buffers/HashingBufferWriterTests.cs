using System.Security.Cryptography;
using System.Text.Json;
using Purser.Buffers;

namespace Purser.Core.Tests.Buffers;

public sealed class HashingBufferWriterTests
{
    [Fact]
    public void Complete_IsTheSha256OfEverythingWritten_AndStartsOver()
    {
        byte[] data = new byte[300_000];
        new Random(3).NextBytes(data);
        using var hash = new HashingBufferWriter(1024);

        for (int at = 0; at < data.Length; at += 5000)
        {
            int take = Math.Min(5000, data.Length - at);
            data.AsSpan(at, take).CopyTo(hash.GetSpan(take)); // larger than the buffer: it is replaced
            hash.Advance(take);
        }

        byte[] digest = new byte[32];
        hash.Complete(digest);
        digest.ShouldBe(SHA256.HashData(data));

        "x"u8.CopyTo(hash.GetSpan(1));
        hash.Advance(1);
        hash.Complete(digest);
        digest.ShouldBe(SHA256.HashData("x"u8));
    }

    [Fact]
    public void AsAJsonWriterOutput_HashesTheDocument()
    {
        using var hash = new HashingBufferWriter();
        var copy = new System.Buffers.ArrayBufferWriter<byte>();
        foreach (System.Buffers.IBufferWriter<byte> output in new System.Buffers.IBufferWriter<byte>[] { hash, copy })
        {
            using var writer = new Utf8JsonWriter(output);
            writer.WriteStartObject();
            writer.WriteString("text", new string('q', 100_000));
            writer.WriteEndObject();
        }

        byte[] digest = new byte[32];
        hash.Complete(digest);
        digest.ShouldBe(SHA256.HashData(copy.WrittenSpan));
    }
}
