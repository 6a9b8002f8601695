using System.Text;
using Purser.Tokens;

namespace Purser.Core.Tests.Tokens;

public sealed class PreTokenizerTests
{
    [Theory]
    [InlineData("Hello world", new[] { "Hello", " world" })]
    [InlineData("I'm sure they'LL", new[] { "I", "'m", " sure", " they", "'LL" })]
    [InlineData("'sup", new[] { "'s", "up" })]
    [InlineData("x'ſ", new[] { "x", "'ſ" })]
    [InlineData("12345 1", new[] { "123", "45", " ", "1" })]
    [InlineData("a  b", new[] { "a", " ", " b" })]
    [InlineData("a\n\n  b", new[] { "a", "\n\n", " ", " b" })]
    [InlineData("x   ", new[] { "x", "   " })]
    [InlineData("  )", new[] { " ", " )" })]
    [InlineData("\t(", new[] { "\t", "(" })]
    [InlineData("foo.bar\r\n", new[] { "foo", ".bar", "\r\n" })]
    [InlineData("+\n/", new[] { "+\n", "/" })]
    [InlineData("😀abc", new[] { "😀abc" })]
    [InlineData("𝐀𝐁c 𝟏𝟐𝟑𝟒", new[] { "𝐀𝐁c", " ", "𝟏𝟐𝟑", "𝟒" })]
    [InlineData("a\u0301b", new[] { "a", "\u0301b" })]
    [InlineData("HelloWorld", new[] { "HelloWorld" })]
    public void NextCl100k_Text_SplitsLikeThePublishedPattern(string text, string[] expected) =>
        Split(text, o200k: false).ShouldBe(expected);

    [Theory]
    [InlineData("HelloWorld XMLHttpRequest", new[] { "Hello", "World", " XMLHttp", "Request" })]
    [InlineData("don't I'm THEY'RE", new[] { "don't", " I'm", " THEY'RE" })]
    [InlineData(" ALLCAPS.", new[] { " ALLCAPS", "." })]
    [InlineData("'sup", new[] { "'sup" })]
    [InlineData(" I'ſ", new[] { " I'ſ" })]
    [InlineData("12345", new[] { "123", "45" })]
    [InlineData("+\n/", new[] { "+\n/" })]
    [InlineData("😀abc", new[] { "😀abc" })]
    [InlineData("a\u0301b", new[] { "a\u0301b" })]
    [InlineData("ǅemal", new[] { "ǅemal" })]
    [InlineData("a  b\n\n  c   ", new[] { "a", " ", " b", "\n\n", " ", " c", "   " })]
    [InlineData("❤️x", new[] { "❤️x" })]
    public void NextO200k_Text_SplitsLikeThePublishedPattern(string text, string[] expected) =>
        Split(text, o200k: true).ShouldBe(expected);

    [Fact]
    public void NextO200k_LongWhitespaceRun_KeepsLastSpaceForTheNextWord()
    {
        string text = new string(' ', 10_000) + "x";

        Split(text, o200k: true).ShouldBe([new string(' ', 9_999), " x"]);
    }

    private static List<string> Split(string text, bool o200k)
    {
        byte[] s = Encoding.UTF8.GetBytes(text);
        var pieces = new List<string>();
        int pos = 0;
        while (pos < s.Length)
        {
            int end = o200k ? PreTokenizer.NextO200k(s, pos) : PreTokenizer.NextCl100k(s, pos);
            end.ShouldBeGreaterThan(pos);
            pieces.Add(Encoding.UTF8.GetString(s, pos, end - pos));
            pos = end;
        }

        return pieces;
    }
}
