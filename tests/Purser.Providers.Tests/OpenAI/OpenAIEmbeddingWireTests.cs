using System.Text;
using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Embeddings;
using Purser.Providers.OpenAI;
using Purser.Usage;

namespace Purser.Providers.Tests.OpenAI;

/// <summary>OpenAIEmbeddingRequestWriter, OpenAIEmbeddingResponseReader and OpenAIEmbeddingResponseWriter.</summary>
public sealed class OpenAIEmbeddingWireTests
{
    [Fact]
    public void Write_Passthrough_KeepsEveryClientFieldAndReplacesTheModel()
    {
        ChatRequest request = OpenAIEmbeddingRequestReader.Read(Encoding.UTF8.GetBytes("""{"model":"alias","input":["a"],"encoding_format":"base64","input_type":"query"}"""));

        JsonNode body = JsonNode.Parse(OpenAIEmbeddingRequestWriter.Write(request, "text-embedding-3-small"))!;

        body.ToJsonString().ShouldBe("""{"model":"text-embedding-3-small","input":["a"],"encoding_format":"base64","input_type":"query"}""");
    }

    [Fact]
    public void Write_FromCode_WritesTheCanonicalFields()
    {
        var embedding = new EmbeddingRequest { Dimensions = 8, Encoding = EmbeddingEncoding.Base64 };
        embedding.Inputs.Add(EmbeddingInput.FromText("t"));
        embedding.Inputs.Add(EmbeddingInput.FromTokens([3, 4]));
        var request = new ChatRequest { Model = "m", Embedding = embedding, User = "u" };

        JsonNode.Parse(OpenAIEmbeddingRequestWriter.Write(request, "up"))!.ToJsonString()
            .ShouldBe("""{"model":"up","input":["t",[3,4]],"dimensions":8,"encoding_format":"base64","user":"u"}""");
    }

    [Fact]
    public void Read_FloatsAndBase64_InIndexOrder_WithUsage()
    {
        float[] second = [0.5f, -0.25f, 1e-7f];
        string json = $$$"""
            {"object":"list","model":"text-embedding-3-small-v2",
             "data":[{"object":"embedding","index":1,"embedding":"{{{EmbeddingVectors.ToBase64(second)}}}"},
                     {"object":"embedding","index":0,"embedding":[0.1,0.2,-0.3]}],
             "usage":{"prompt_tokens":12,"total_tokens":12}}
            """;

        ChatResponse response = OpenAIEmbeddingResponseReader.Read(Encoding.UTF8.GetBytes(json), expected: 2);

        response.Embeddings![0].ShouldBe([0.1f, 0.2f, -0.3f]);
        response.Embeddings[1].ShouldBe(second);
        response.Usage.ShouldBe(new TokenUsage(12, 0));
        response.Model.ShouldBe("text-embedding-3-small-v2");
    }

    [Theory]
    [InlineData("""{"object":"list"}""")]
    [InlineData("""{"data":[{"index":0,"embedding":[0.1]},{"index":0,"embedding":[0.2]}]}""")]
    [InlineData("""{"data":[{"index":0,"embedding":[0.1]}]}""")]
    [InlineData("""{"data":[{"index":0,"embedding":{}},{"index":1,"embedding":[1]}]}""")]
    [InlineData("""{"data":[{"index":0,"embedding":"AAA"},{"index":1,"embedding":[1]}]}""")]
    public void Read_Malformed_Throws(string json)
    {
        Exception? thrown = null;
        try
        {
            OpenAIEmbeddingResponseReader.Read(Encoding.UTF8.GetBytes(json), expected: 2);
        }
        catch (Exception ex)
        {
            thrown = ex;
        }

        // The provider turns exactly these into a 502 "malformed answer" (and anything else would be a 500).
        (thrown is System.Text.Json.JsonException or FormatException).ShouldBeTrue(thrown?.GetType().Name ?? "nothing thrown");
    }

    [Theory]
    [InlineData(EmbeddingEncoding.Float)]
    [InlineData(EmbeddingEncoding.Base64)]
    public void Write_ThenRead_GivesTheSameVectorsAndUsage(object encodingValue)
    {
        var encoding = (EmbeddingEncoding)encodingValue;
        var response = new ChatResponse { Embeddings = [[0.1f, -2.5f, 3.14159f], [float.Epsilon, 0f, -0f]], Usage = new TokenUsage(9, 0) };

        byte[] written = OpenAIEmbeddingResponseWriter.Write(response, "m", encoding);
        JsonNode json = JsonNode.Parse(written)!;
        ChatResponse back = OpenAIEmbeddingResponseReader.Read(written, expected: 2);

        json["data"]![0]!["embedding"]!.GetValueKind().ShouldBe(encoding == EmbeddingEncoding.Base64 ? System.Text.Json.JsonValueKind.String : System.Text.Json.JsonValueKind.Array);
        json["usage"]!.ToJsonString().ShouldBe("""{"prompt_tokens":9,"total_tokens":9}""");
        back.Embeddings![0].ShouldBe(response.Embeddings[0]);
        back.Embeddings[1].ShouldBe(response.Embeddings[1]);
        back.Usage.InputTokens.ShouldBe(9);
    }
}
