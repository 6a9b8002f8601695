using System.Text;
using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Providers.Gemini;
using Purser.Providers.Json;
using Purser.Providers.OpenAI;
using Purser.Translation;

namespace Purser.Providers.Tests.Gemini;

/// <summary>GeminiEmbeddingRequestWriter and GeminiEmbeddingResponseReader.</summary>
public sealed class GeminiEmbeddingWireTests
{
    private static ChatRequest Read(string json) => OpenAIEmbeddingRequestReader.Read(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Write_OneInput_IsAnEmbedContentBody()
    {
        byte[] body = GeminiEmbeddingRequestWriter.Write(Read("""{"model":"x","input":"hi","dimensions":768}"""), "models/gemini-embedding-001", new TranslationReport());

        JsonNode.Parse(body)!.ToJsonString().ShouldBe("""{"model":"models/gemini-embedding-001","content":{"parts":[{"text":"hi"}]},"outputDimensionality":768}""");
    }

    [Fact]
    public void Write_SeveralInputs_IsABatchWithOneRequestPerInput_AndUserIsDropped()
    {
        var report = new TranslationReport();
        ChatRequest request = Read("""{"model":"x","input":["a","b"],"user":"u","encoding_format":"base64"}""");

        JsonNode body = JsonNode.Parse(GeminiEmbeddingRequestWriter.Write(request, "gemini-embedding-001", report))!;

        GeminiEmbeddingRequestWriter.IsBatch(request.Embedding!).ShouldBeTrue();
        body["requests"]!.AsArray().Select(r => r!["content"]!["parts"]![0]!["text"]!.GetValue<string>()).ShouldBe(["a", "b"]);
        body["requests"]![1]!["model"]!.GetValue<string>().ShouldBe("models/gemini-embedding-001");
        report.Dropped.ShouldBe(["user"]);
    }

    [Fact]
    public void Write_StrictTranslation_RefusesUser()
    {
        Should.Throw<InvalidRequestException>(() => GeminiEmbeddingRequestWriter.Write(Read("""{"model":"x","input":"a","user":"u"}"""), "m", new TranslationReport(strict: true)))
            .Param.ShouldBe("user");
    }

    [Theory]
    [InlineData("""{"model":"x","input":[1,2,3]}""", "input")]
    [InlineData("""{"model":"x","input":["a",[1,2]]}""", "input[1]")]
    public void Write_TokenIds_AreRefused(string json, string param)
    {
        Should.Throw<InvalidRequestException>(() => GeminiEmbeddingRequestWriter.Write(Read(json), "m", new TranslationReport())).Param.ShouldBe(param);
    }

    [Fact]
    public void Write_AnUnknownField_IsRefused()
    {
        Should.Throw<InvalidRequestException>(() => GeminiEmbeddingRequestWriter.Write(Read("""{"model":"x","input":"a","input_type":"query"}"""), "m", new TranslationReport()))
            .Param.ShouldBe("input_type");
    }

    [Fact]
    public void Read_EmbedContent_AndBatch_WithAndWithoutUsage()
    {
        ChatResponse one = GeminiEmbeddingResponseReader.Read(Encoding.UTF8.GetBytes("""{"embedding":{"values":[0.25,-0.5]}}"""), batch: false, expected: 1);
        ChatResponse many = GeminiEmbeddingResponseReader.Read(
            Encoding.UTF8.GetBytes("""{"embeddings":[{"values":[1]},{"values":[2]}],"usageMetadata":{"promptTokenCount":14,"totalTokenCount":14}}"""), batch: true, expected: 2);

        one.Embeddings!.Single().ShouldBe([0.25f, -0.5f]);
        one.Usage.IsEmpty.ShouldBeTrue();
        many.Embeddings!.Select(v => v.Single()).ShouldBe([1f, 2f]);
        many.Usage.InputTokens.ShouldBe(14);
        many.Usage.OutputTokens.ShouldBe(0);
    }

    [Theory]
    [InlineData("""{"embeddings":[{"values":[1]}]}""", true)]
    [InlineData("""{"embedding":{"values":[1]}}""", true)]
    [InlineData("""{"embeddings":[{"values":[1]},{"values":[2]}]}""", false)]
    [InlineData("""{"embeddings":[{"value":[1]},{"values":[2]}]}""", true)]
    public void Read_Malformed_Throws(string json, bool batch)
    {
        Should.Throw<System.Text.Json.JsonException>(() => GeminiEmbeddingResponseReader.Read(Encoding.UTF8.GetBytes(json), batch, expected: batch ? 2 : 1));
    }
}
