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
}
