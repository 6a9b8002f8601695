using System.Text;
using Purser.Chat;
using Purser.Embeddings;
using Purser.Providers.Json;
using Purser.Providers.OpenAI;

namespace Purser.Providers.Tests.OpenAI;

public sealed class OpenAIEmbeddingRequestReaderTests
{
    private static ChatRequest Read(string json) => OpenAIEmbeddingRequestReader.Read(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Read_String_IsOneTextInput_WithTheDefaults()
    {
        ChatRequest request = Read("""{"model":"text-embedding-3-small","input":"hello"}""");

        request.SourceProtocol.ShouldBe(WireProtocol.OpenAIEmbeddings);
        request.Model.ShouldBe("text-embedding-3-small");
        EmbeddingRequest embedding = request.Embedding.ShouldNotBeNull();
        embedding.Inputs.Single().Text.ShouldBe("hello");
        embedding.Dimensions.ShouldBeNull();
        embedding.Encoding.ShouldBe(EmbeddingEncoding.Float);
        request.Messages.ShouldBeEmpty();
    }

    [Fact]
    public void Read_EveryInputShape_AndTheOptionalFields()
    {
        Read("""{"model":"m","input":["a","b"]}""").Embedding!.Inputs.Select(i => i.Text).ShouldBe(["a", "b"]);
        Read("""{"model":"m","input":[5,6,7]}""").Embedding!.Inputs.Single().Tokens.ShouldBe([5, 6, 7]);
        EmbeddingRequest mixed = Read("""{"model":"m","input":[[1,2],"text"],"dimensions":256,"encoding_format":"base64","user":"u"}""").Embedding!;
        mixed.Inputs[0].Tokens.ShouldBe([1, 2]);
        mixed.Inputs[1].Text.ShouldBe("text");
        mixed.HasTokenInputs.ShouldBeTrue();
        mixed.Dimensions.ShouldBe(256);
        mixed.Encoding.ShouldBe(EmbeddingEncoding.Base64);
        Read("""{"model":"m","input":"x","user":"u"}""").User.ShouldBe("u");
    }

    [Fact]
    public void Read_UnknownField_IsKeptForPassthrough()
    {
        ChatRequest request = Read("""{"model":"m","input":"x","input_type":"query"}""");

        request.Extensions.Keys.ShouldBe(["input_type"]);
    }

    [Theory]
    [InlineData("""{"model":"m"}""", "input")]
    [InlineData("""{"model":"m","input":null}""", "input")]
    [InlineData("""{"model":"m","input":{}}""", "input")]
    [InlineData("""{"model":"m","input":[]}""", "input")]
    [InlineData("""{"model":"m","input":""}""", "input")]
    [InlineData("""{"model":"m","input":["a",""]}""", "input[1]")]
    [InlineData("""{"model":"m","input":["a",true]}""", "input[1]")]
    [InlineData("""{"model":"m","input":[[1,"x"]]}""", "input[0][1]")]
    [InlineData("""{"model":"m","input":[[]]}""", "input[0]")]
    [InlineData("""{"model":"m","input":[1,2.5]}""", "input[1]")]
    [InlineData("""{"model":"m","input":[1,-1]}""", "input[1]")]
    [InlineData("""{"model":"m","input":[9999999999]}""", "input[0]")]
    [InlineData("""{"model":"m","input":"x","dimensions":0}""", "dimensions")]
    [InlineData("""{"model":"m","input":"x","dimensions":"8"}""", "dimensions")]
    [InlineData("""{"model":"m","input":"x","encoding_format":"binary"}""", "encoding_format")]
    [InlineData("""{"model":" ","input":"x"}""", "model")]
    [InlineData("""{"input":"x"}""", "model")]
    public void Read_Malformed_ThrowsNamingTheField(string json, string param)
    {
        Should.Throw<InvalidRequestException>(() => Read(json)).Param.ShouldBe(param);
    }

    [Fact]
    public void Read_MoreThanTheApiLimitOfInputs_Throws()
    {
        string json = "{\"model\":\"m\",\"input\":[" + string.Join(',', Enumerable.Repeat("\"a\"", EmbeddingRequest.MaxInputs + 1)) + "]}";

        Should.Throw<InvalidRequestException>(() => Read(json)).Message.ShouldContain("2048");
    }
}
