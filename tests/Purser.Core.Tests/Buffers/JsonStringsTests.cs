using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Purser.Buffers;

namespace Purser.Core.Tests.Buffers;

public sealed class JsonStringsTests
{
    /// <summary>Long strings with what needs escaping, non-ASCII and surrogate pairs (also across a segment's edge).</summary>
    public static TheoryData<string> LongStrings()
    {
        var rng = new Random(17);
        string[] pieces = ["line\n", "\"quoted\"", "tab\t", "é", "日本", "\U0001F600", "<tag>&", "back\\slash", "\u2028", "\u0001", "plain text "];
        var data = new TheoryData<string>();
        foreach (int length in new[] { JsonStrings.SegmentChars + 1, 3 * JsonStrings.SegmentChars + 17, 100_000 })
        {
            var text = new StringBuilder();
            while (text.Length < length)
            {
                text.Append(pieces[rng.Next(pieces.Length)]);
            }

            data.Add(text.ToString());
        }

        // A surrogate pair split exactly at a segment boundary.
        data.Add(new string('a', JsonStrings.SegmentChars - 1) + "\U0001F600" + new string('b', JsonStrings.SegmentChars));
        return data;
    }

    [Theory]
    [MemberData(nameof(LongStrings))]
    public void WriteValue_LongString_WritesTheSameBytesAsOneCall(string text)
    {
        foreach (JavaScriptEncoder? encoder in new[] { null, JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
        {
            var options = new JsonWriterOptions { Encoder = encoder };

            InObject(options, w => JsonStrings.Write(w, "text", text)).ShouldBe(InObject(options, w => w.WriteString("text", text)));
            Alone(options, w => JsonStrings.WriteValue(w, text)).ShouldBe(Alone(options, w => w.WriteStringValue(text)));
        }
    }

    [Fact]
    public void WriteValue_LongString_NeverAsksTheOutputForMoreThanASegmentsWorth()
    {
        string text = new string('\u0001', 1_000_000); // every character escaped as \u0001: six bytes each
        var output = new LargestRequest();

        using (var writer = new Utf8JsonWriter(output))
        {
            JsonStrings.WriteValue(writer, text);
        }

        output.Written.ShouldBe(6_000_002);
        output.LargestHint.ShouldBeLessThan(256 * 1024); // a segment's worth; one call asks for 18 MB at once
    }

    private static string InObject(JsonWriterOptions options, Action<Utf8JsonWriter> write) => Alone(options, w =>
    {
        w.WriteStartObject();
        write(w);
        w.WriteEndObject();
    });

    private static string Alone(JsonWriterOptions options, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Records the largest size a writer asked for.</summary>
    private sealed class LargestRequest : IBufferWriter<byte>
    {
        private byte[] _buffer = [];

        public int LargestHint { get; private set; }

        public long Written { get; private set; }

        public void Advance(int count) => Written += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => Get(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Get(sizeHint);

        private byte[] Get(int sizeHint)
        {
            LargestHint = Math.Max(LargestHint, sizeHint);
            if (_buffer.Length < Math.Max(sizeHint, 4096))
            {
                _buffer = new byte[Math.Max(sizeHint, 4096)];
            }

            return _buffer;
        }
    }
}
