using System.Text;
using Purser.Assistant.Files;
using Purser.Assistant.Tests.TestSupport;

namespace Purser.Assistant.Tests.Files;

public sealed class SourceFileReaderTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("a", 1)]
    [InlineData("a\n", 1)]
    [InlineData("a\nb", 2)]
    [InlineData("a\r\nb\r\n", 2)]
    [InlineData("\n\n", 2)]
    public void CountLines_CountsAsEditorsDo(string text, int lines)
    {
        SourceFileReader.CountLines(text).ShouldBe(lines);
    }

    [Fact]
    public void LooksBinary_NulBytesOrManyControlCharacters()
    {
        SourceFileReader.LooksBinary("plain text\twith tabs\r\n"u8).ShouldBeFalse();
        SourceFileReader.LooksBinary([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00]).ShouldBeTrue();
        SourceFileReader.LooksBinary([1, 2, 3, 4, 5, 65, 66]).ShouldBeTrue();
        SourceFileReader.LooksBinary([0xFF, 0xFE, 0x41, 0x00]).ShouldBeFalse();
    }

    [Fact]
    public void Read_TextFile_DecodesBomAndDetectsLanguageByShebang()
    {
        using var folder = new TempFolder();
        string path = folder.WriteBytes("tool", [.. Encoding.UTF8.GetPreamble(), .. "#!/usr/bin/env python3\nprint('é')\n"u8.ToArray()]);

        SourceFile file = SourceFileReader.Read(path, "tool");

        file.Text.ShouldStartWith("#!/usr/bin/env python3");
        file.Text.ShouldContain("é");
        file.Lines.ShouldBe(2);
        file.Language!.Id.ShouldBe("python");
        file.ContentHash.Length.ShouldBe(64);
    }

    [Fact]
    public void Read_OverTheLimit_DoesNotLoadTheTextButKnowsItsSize()
    {
        using var folder = new TempFolder();
        string path = folder.Write("big.cs", new string('x', 5000));

        SourceFile file = SourceFileReader.Read(path, "big.cs", maxBytes: 1000);

        file.Bytes.ShouldBe(5000);
        file.Text.ShouldBeEmpty();
        file.IsBinary.ShouldBeFalse();
        file.Language!.Id.ShouldBe("csharp");
    }

    [Fact]
    public void Read_SameBytes_SameHash()
    {
        using var folder = new TempFolder();
        string a = folder.Write("a.py", "x = 1\n");
        string b = folder.Write("b.py", "x = 1\n");
        string c = folder.Write("c.py", "x = 2\n");

        SourceFileReader.Read(a, "a.py").ContentHash.ShouldBe(SourceFileReader.Read(b, "b.py").ContentHash);
        SourceFileReader.Read(a, "a.py").ContentHash.ShouldNotBe(SourceFileReader.Read(c, "c.py").ContentHash);
    }
}
