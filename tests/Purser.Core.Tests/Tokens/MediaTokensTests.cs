using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Tokens;

namespace Purser.Core.Tests.Tokens;

/// <summary>Documents, audio and files are counted by the providers' published rules, or reserved as unbounded.</summary>
public sealed class MediaTokensTests
{
    private static readonly ChatTokenCounter Claude = ChatTokenCounter.ForModel("claude-sonnet-4-5");

    private static ChatRequest With(ContentPart part) =>
        new() { Messages = { new ChatMessage(ChatRole.User, [part, new TextPart("Summarise.")]) } };

    private static OpaquePart AnthropicDocument(string mediaType, byte[] data) => new("document", JsonNode.Parse($$$"""
        {"type":"document","source":{"type":"base64","media_type":"{{{mediaType}}}","data":"{{{Convert.ToBase64String(data)}}}"}}
        """), WireProtocol.AnthropicMessages);

    /// <summary>A PDF of <paramref name="pages"/> page objects (and its page tree, which is not a page).</summary>
    private static byte[] Pdf(int pages)
    {
        var pdf = new StringBuilder("%PDF-1.4\n1 0 obj << /Type /Pages /Count ").Append(pages).Append(" >> endobj\n");
        for (int i = 0; i < pages; i++)
        {
            pdf.Append(i + 2).Append(" 0 obj << /Type/Page /Parent 1 0 R >> endobj\n");
        }

        return Encoding.ASCII.GetBytes(pdf.Append("%%EOF\n").ToString());
    }

    [Fact]
    public void PdfPages_CountsPageObjectsNotThePageTree()
    {
        PdfPages.Count(Pdf(7)).ShouldBe(7);
        PdfPages.Count("not a pdf"u8).ShouldBeNull();
    }

    [Fact]
    public void PdfPages_PagesInsideCompressedObjectStreams_AreCounted()
    {
        byte[] objects = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("<< /Type /Page /Parent 1 0 R >>\n", 5)));
        using var packed = new MemoryStream();
        using (var zlib = new ZLibStream(packed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(objects);
        }

        byte[] head = Encoding.ASCII.GetBytes($"%PDF-1.7\n3 0 obj << /Type /ObjStm /N 5 /First 0 /Filter /FlateDecode /Length {packed.Length} >>\nstream\n");
        byte[] tail = Encoding.ASCII.GetBytes("\nendstream\nendobj\n%%EOF\n");

        PdfPages.Count([.. head, .. packed.ToArray(), .. tail]).ShouldBe(5);
    }

    [Fact]
    public void CountPrompt_AnthropicPdf_IsPagesTimesTextAndTheModelsImageCeiling()
    {
        TokenCount text = Claude.CountPrompt(new ChatRequest { Messages = { new ChatMessage(ChatRole.User, [new TextPart("Summarise.")]) } });

        TokenCount count = Claude.CountPrompt(With(AnthropicDocument("application/pdf", Pdf(10))));

        // 10 pages × (3,000 text tokens + Anthropic's 1,600-token image ceiling).
        (count.Tokens - text.Tokens).ShouldBe(10 * (3_000 + 1_600));
        count.Shape.ShouldBe(PromptShape.Documents);
        count.Unbounded.ShouldBeFalse();
    }

    [Fact]
    public void CountPrompt_AnthropicTextDocument_IsItsText()
    {
        string body = string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog. ", 40));
        var part = new OpaquePart("document", JsonNode.Parse($$$"""{"type":"document","source":{"type":"text","media_type":"text/plain","data":"{{{body}}}"}}"""), WireProtocol.AnthropicMessages);

        TokenCount count = Claude.CountPrompt(With(part));

        count.Tokens.ShouldBeGreaterThan(Claude.TextCounter.Count(body).Tokens);
        count.Shape.ShouldBe(PromptShape.Documents);
    }

    [Fact]
    public void CountPrompt_WavAudio_IsThirtyTwoTokensASecond()
    {
        // 2.5 s of 16 kHz mono 16-bit PCM: 80,000 bytes of data at 32,000 bytes a second.
        byte[] wav = Wav(sampleRate: 16_000, seconds: 2.5);
        var part = new OpaquePart("input_audio", JsonNode.Parse($$$"""{"type":"input_audio","input_audio":{"data":"{{{Convert.ToBase64String(wav)}}}","format":"wav"}}"""), WireProtocol.OpenAIChat);
        ChatTokenCounter gpt = ChatTokenCounter.ForModel("gpt-4o");
        long text = gpt.CountPrompt(new ChatRequest { Messages = { new ChatMessage(ChatRole.User, [new TextPart("Summarise.")]) } }).Tokens;

        TokenCount count = gpt.CountPrompt(With(part));

        (count.Tokens - text).ShouldBe(80); // 2.5 × 32
        count.Shape.ShouldBe(PromptShape.Audio);
    }

    [Fact]
    public void AudioDuration_Mp3Frames_AreWalked()
    {
        // 100 MPEG-1 layer III frames at 128 kbit/s, 44.1 kHz (no padding): 417 bytes and 1,152 samples each.
        byte[] frame = new byte[417];
        frame[0] = 0xFF;
        frame[1] = 0xFB;
        frame[2] = 0x90;
        frame[3] = 0x64;
        byte[] mp3 = [.. Enumerable.Range(0, 100).SelectMany(_ => frame)];

        AudioDuration.Seconds(mp3).ShouldBe(100 * 1152 / 44100.0, 1e-9);
        AudioDuration.Seconds(new byte[7500]).ShouldBe(10); // unknown format: the size at 6 kbit/s, an upper bound
    }

    [Theory]
    [InlineData("""{"type":"file","file":{"file_id":"file-abc123"}}""", "file")]
    [InlineData("""{"type":"input_file","file_url":"https://example.com/report.pdf"}""", "input_file")]
    [InlineData("""{"type":"document","source":{"type":"url","url":"https://example.com/report.pdf"}}""", "document")]
    [InlineData("""{"type":"document","source":{"type":"file","file_id":"file_011CNha8iCJcU1wXNR6q4V8w"}}""", "document")]
    public void CountPrompt_ContentByReference_IsUnbounded(string json, string type)
    {
        TokenCount count = Claude.CountPrompt(With(new OpaquePart(type, JsonNode.Parse(json), WireProtocol.OpenAIChat)));

        count.Unbounded.ShouldBeTrue();
        count.Shape.HasFlag(PromptShape.References).ShouldBeTrue();
    }

    [Fact]
    public void CountPrompt_OpenAIFileData_IsCountedAsThePdfItCarries()
    {
        string data = "data:application/pdf;base64," + Convert.ToBase64String(Pdf(3));
        var part = new OpaquePart("file", JsonNode.Parse($$$"""{"type":"file","file":{"filename":"r.pdf","file_data":"{{{data}}}"}}"""), WireProtocol.OpenAIChat);
        ChatTokenCounter gpt = ChatTokenCounter.ForModel("gpt-4o");
        long text = gpt.CountPrompt(new ChatRequest { Messages = { new ChatMessage(ChatRole.User, [new TextPart("Summarise.")]) } }).Tokens;

        TokenCount count = gpt.CountPrompt(With(part));

        // 3 pages × (3,000 + OpenAI's high-detail ceiling of 85 + 8 × 170 = 1,445).
        (count.Tokens - text).ShouldBe(3 * (3_000 + 1_445));
        count.Unbounded.ShouldBeFalse();
    }

    [Fact]
    public void CountPrompt_GeminiInlinePdf_IsPagesTimesTextAndGeminisImageCeiling()
    {
        string data = Convert.ToBase64String(Pdf(4));
        var part = new OpaquePart("inlineData application/pdf", JsonNode.Parse($$$"""{"inlineData":{"mimeType":"application/pdf","data":"{{{data}}}"}}"""), WireProtocol.Gemini);
        ChatTokenCounter gemini = ChatTokenCounter.ForModel("gemini-2.5-flash");
        long text = gemini.CountPrompt(new ChatRequest { Messages = { new ChatMessage(ChatRole.User, [new TextPart("Summarise.")]) } }).Tokens;

        TokenCount count = gemini.CountPrompt(With(part));

        // 4 pages × (3,000 + five 258-token tiles).
        (count.Tokens - text).ShouldBe(4 * (3_000 + 1_290));
        count.Shape.ShouldBe(PromptShape.Documents);
    }

    private static byte[] Wav(int sampleRate, double seconds)
    {
        int dataBytes = (int)(sampleRate * 2 * seconds);
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write("RIFF"u8);
        w.Write(36 + dataBytes);
        w.Write("WAVEfmt "u8);
        w.Write(16);
        w.Write((short)1);
        w.Write((short)1);
        w.Write(sampleRate);
        w.Write(sampleRate * 2);
        w.Write((short)2);
        w.Write((short)16);
        w.Write("data"u8);
        w.Write(dataBytes);
        w.Write(new byte[dataBytes]);
        w.Flush();
        return stream.ToArray();
    }
}
