using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Providers.Json;

namespace Purser.Providers.Tests.Json;

public sealed class JsonWritingTests
{
    [Fact]
    public void WriteNode_TreeReadInPlace_WritesTheClientsOwnBytesForItsValues()
    {
        const string body = """{"a":"\u00e9\n","n":1.50,"big":12345678901234567890123,"o":{"x":[true,null,"y"]},"e":{}}""";
        JsonObject tree = JsonRead.ParseObject(new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes(body)));

        Write(tree).ShouldBe(body); // escapes, number spelling and big numbers kept as sent
    }

    [Fact]
    public void WriteNode_MixedTree_IsEquivalentToWriteTo()
    {
        JsonObject tree = JsonRead.ParseObject(new ReadOnlyMemory<byte>("""{"keep":"as sent \u0041","list":[1,2,{"z":"w"}]}"""u8.ToArray()));
        tree["added"] = "made here \"quoted\"\n";
        tree["long"] = string.Concat(Enumerable.Repeat("line \"x\" é\U0001F600\n", 5000));
        ((JsonArray)tree["list"]!).Add(new JsonObject { ["k"] = 3.25 });
        tree["nothing"] = null;

        JsonNode.DeepEquals(JsonNode.Parse(Write(tree)), JsonNode.Parse(tree.ToJsonString())).ShouldBeTrue();
    }

    [Fact]
    public void WriteNode_LongStringMadeHere_IsWrittenInSegments()
    {
        var tree = new JsonObject { ["text"] = new string('\n', 1_000_000) };
        var output = new ArrayBufferWriter<byte>();

        using (var writer = new Utf8JsonWriter(output, JsonWriting.Options))
        {
            JsonWriting.WriteNode(writer, tree);
        }

        // One WriteStringValue call would ask for 6 MB and rent 12 MB of characters to escape into.
        output.Capacity.ShouldBeLessThan(16 * 1024 * 1024);
        JsonNode.Parse(output.WrittenSpan)!["text"]!.GetValue<string>().Length.ShouldBe(1_000_000);
    }

    private static string Write(JsonNode node)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output, JsonWriting.Options))
        {
            JsonWriting.WriteNode(writer, node);
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
