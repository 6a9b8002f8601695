using System.Text;
using Purser.Providers.Json;

namespace Purser.Providers.Tests.Json;

public sealed class JsonReadTests
{
    [Theory]
    [InlineData(new byte[] { 0xff, 0xfe })]
    [InlineData(new byte[] { 0xc0, 0xaf })]
    [InlineData(new byte[] { 0xc3, 0x28 })]
    public void ParseObject_InvalidUtf8InAString_IsAnInvalidRequest(byte[] text)
    {
        byte[] body = [.. "{\"model\":\"m\",\"content\":\""u8, .. text, .. "\"}"u8];

        var ex = Should.Throw<InvalidRequestException>(() => JsonRead.ParseObject(body));

        ex.Message.ShouldContain("UTF-8");
    }

    [Theory]
    [InlineData("""{"content":"\ud800 alone"}""")]
    [InlineData("""{"\udc00":1}""")]
    public void ParseObject_LoneSurrogateEscape_IsAnInvalidRequest(string json)
    {
        var ex = Should.Throw<InvalidRequestException>(() => JsonRead.ParseObject(Encoding.UTF8.GetBytes(json)));

        ex.Message.ShouldContain("not valid text");
    }

    [Theory]
    [InlineData("""{"model":"a","model":"b"}""", "model")]
    [InlineData("""{"messages":[{"role":"user","role":"assistant"}]}""", "role")]
    public void ParseObject_DuplicatePropertyAtAnyDepth_IsAnInvalidRequestNamingIt(string json, string name)
    {
        var ex = Should.Throw<InvalidRequestException>(() => JsonRead.ParseObject(Encoding.UTF8.GetBytes(json)));

        ex.Message.ShouldContain(name);
    }

    [Fact]
    public void ParseObject_ValidEscapesAndSurrogatePairs_AreRead()
    {
        var obj = JsonRead.ParseObject("""{"t":"\ud83d\ude00 \u00e9 \n","é":"ok"}"""u8);

        obj["t"]!.GetValue<string>().ShouldBe("\U0001F600 é \n");
        obj["é"]!.GetValue<string>().ShouldBe("ok");
    }

    [Theory]
    [InlineData("""{"content":"\ud800 alone"}""")]
    [InlineData("""{"content":"x\ud83d"}""")]
    [InlineData("""{"content":"\ude00\ud83d"}""")]
    [InlineData("""{"content":"\ud83d\n\ude00"}""")]
    [InlineData("""{"content":"\ud83d\ud83d\ude00"}""")]
    [InlineData("""{"\udc00":1}""")]
    public void ParseObject_InPlace_LoneSurrogateEscape_IsAnInvalidRequest(string json)
    {
        var ex = Should.Throw<InvalidRequestException>(() => JsonRead.ParseObject(new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes(json))));

        ex.Message.ShouldContain("not valid text");
    }

    [Theory]
    [InlineData("""{"model":"a","model":"b"}""", "model")]
    [InlineData("""{"messages":[{"role":"user","role":"assistant"}]}""", "role")]
    public void ParseObject_InPlace_DuplicatePropertyAtAnyDepth_IsAnInvalidRequestNamingIt(string json, string name)
    {
        var ex = Should.Throw<InvalidRequestException>(() => JsonRead.ParseObject(new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes(json))));

        ex.Message.ShouldContain(name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("{\"a\":")]
    [InlineData("{\"a\":1} trailing")]
    public void ParseObject_InPlace_NotOneObject_IsAnInvalidRequest(string json)
    {
        Should.Throw<InvalidRequestException>(() => JsonRead.ParseObject(new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes(json))));
    }

    [Fact]
    public void ParseObject_InPlace_ReadsEscapesAndPairsLikeACopy()
    {
        byte[] body = """{"t":"\ud83d\ude00 \u00e9 \n \\u0041","é":"ok","n":[1.50,{"x":null}]}"""u8.ToArray();

        var obj = JsonRead.ParseObject(new ReadOnlyMemory<byte>(body));

        obj["t"]!.GetValue<string>().ShouldBe("\U0001F600 é \n \\u0041");
        obj["é"]!.GetValue<string>().ShouldBe("ok");
        obj.ToJsonString().ShouldBe(JsonRead.ParseObject(body.AsSpan()).ToJsonString());
    }

    [Fact]
    public void Text_LongStringFromTheBody_IsSharedWithWhatReadsTheTreeNext()
    {
        string prompt = new('p', 8193); // longer than the 8,192 characters below which strings are not shared
        var obj = JsonRead.ParseObject(new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes($$"""{"content":"{{prompt}}","short":"s"}""")));

        string first = JsonRead.Text(obj["content"]!);
        string second = obj["content"]!.GetValue<string>();
        string shortFirst = JsonRead.Text(obj["short"]!);

        ReferenceEquals(first, second).ShouldBeTrue(); // the guard and the writer get this string, not another 2 bytes a character
        first.ShouldBe(prompt);
        shortFirst.ShouldBe("s");
    }
}
