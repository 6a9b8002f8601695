using System.Text;
using System.Text.RegularExpressions;
using Purser.Chat;
using Purser.Compression;

namespace Purser.Core.Tests.Compression;

public sealed partial class PromptCompressorTests
{
    private readonly PromptCompressor _compressor = new();

    [Theory]
    [InlineData("Please  review   this\tfunction.", "Please review this\tfunction.")]
    [InlineData("a \t b", "a\tb")]
    [InlineData("trailing   \nspaces\t\t", "trailing\nspaces")]
    [InlineData("| Name     | Age |\n| -------- | --: |\n| Alice    | 30  |", "| Name | Age |\n|---|---:|\n| Alice | 30 |")]
    public void Compress_WhitespaceRuns_CollapseToOne(string input, string expected)
    {
        _compressor.Compress(input).Text.ShouldBe(expected);
    }

    [Fact]
    public void Compress_BlankLineRuns_BecomeOneBlankLine()
    {
        _compressor.Compress("\n\nfirst\n\n\n\n\nsecond\n  \n\t\nthird\n\n").Text.ShouldBe("first\n\nsecond\n\nthird");
    }

    [Theory]
    [InlineData("This is **very** important.", "This is very important.")]
    [InlineData("- __Note:__ keep it", "- Note: keep it")]
    [InlineData("**Bold `code`** done", "Bold `code` done")]
    [InlineData("nested **__x y__** ok", "nested x y ok")]
    public void Compress_StrongEmphasis_MarkersRemoved(string input, string expected)
    {
        _compressor.Compress(input).Text.ShouldBe(expected);
    }

    [Theory]
    [InlineData("compute 2**10 and a**b")]
    [InlineData("def f(*args, **kwargs): call __init__ first")]
    [InlineData("the `**not bold**` span")]
    [InlineData("a ** b ** c")]
    [InlineData("snake__case__name stays")]
    [InlineData("***bold italic*** is left as it is")]
    public void Compress_NotEmphasis_LeftAlone(string input)
    {
        _compressor.Compress(input).Text.ShouldBe(input);
    }

    [Fact]
    public void Compress_ThematicBreakAfterBlankLine_RemovedButSetextUnderlineKept()
    {
        string input = "Title\n---\n\nintro\n\n---\n\n* * *\n\nend";

        _compressor.Compress(input).Text.ShouldBe("Title\n---\n\nintro\n\nend");
    }

    [Theory]
    [InlineData("## Setup ##", "## Setup")]
    [InlineData("### Install   the  CLI", "### Install the CLI")]
    [InlineData("## C#", "## C#")]
    public void Compress_Headings_KeepLevelAndText(string input, string expected)
    {
        _compressor.Compress(input).Text.ShouldBe(expected);
    }

    [Fact]
    public void Compress_HtmlComments_RemovedOutsideCode()
    {
        string input = "before <!-- inline --> after\n<!--\nmulti\nline\n-->\nnext `<!-- code -->`";

        _compressor.Compress(input).Text.ShouldBe("before after\n\nnext `<!-- code -->`");
    }

    [Fact]
    public void Compress_InlineCodeAndQuotedStrings_KeptVerbatim()
    {
        string input = "run `ls  -la   /tmp` then print \"a    b\"  now";

        _compressor.Compress(input).Text.ShouldBe("run `ls  -la   /tmp` then print \"a    b\" now");
    }

    [Fact]
    public void Compress_RepeatedLogLines_CollapseWithCount()
    {
        string line = "2025-01-01 WARN retrying connection to db:5432";
        string input = $"Log:\n{line}\n{line}\n{line}\n{line}\ndone";

        _compressor.Compress(input).Text.ShouldBe($"Log:\n{line} (repeated 4 times)\ndone");
    }

    [Fact]
    public void Compress_TwoIdenticalLines_Kept()
    {
        string input = "retry failed\nretry failed\nok";

        _compressor.Compress(input).Text.ShouldBe(input);
    }

    [Fact]
    public void Compress_RepeatedParagraphs_CollapseWithCount()
    {
        string paragraph = "Copyright (c) Purser contributors.\nLicensed under the MIT license.";
        string input = $"{paragraph}\n\n{paragraph}\n\n{paragraph}\n\nThe code:";

        _compressor.Compress(input).Text.ShouldBe($"{paragraph}\n(the paragraph above repeated 3 times)\n\nThe code:");
    }

    [Fact]
    public void Compress_LongParagraphSeenEarlier_BecomesReference()
    {
        string license = string.Join(' ', Enumerable.Repeat("Permission is hereby granted, free of charge, to any person obtaining a copy.", 4));
        string input = $"{license}\n\nFirst file is below.\n\n{license}\n\nSecond file.";

        string output = _compressor.Compress(input).Text;

        output.ShouldBe($"{license}\n\nFirst file is below.\n\n(repeated: same text as the earlier paragraph starting \"Permission is hereby granted, free of charge, to...\")\n\nSecond file.");
    }

    [Fact]
    public void Compress_PythonFence_OnlyTrailingWhitespaceChanges()
    {
        string code = "def f(x):  \n    if x:\n\n\n\n        return  x   # keep  spacing\n\tpass\n    s = \"\"\"a   b\n\n\n c\"\"\"";
        string input = $"Fix this:\n```python\n{code}\n```";

        string output = _compressor.Compress(input).Text;

        string expectedCode = string.Join('\n', code.Split('\n').Select(l => l.TrimEnd()));
        output.ShouldBe($"Fix this:\n```python\n{expectedCode}\n```");
    }

    [Theory]
    [InlineData("yaml")]
    [InlineData("Makefile")]
    [InlineData("haskell")]
    [InlineData("fsharp")]
    [InlineData("md")]
    public void Compress_LayoutSensitiveFences_KeepBlankLinesAndIndentation(string language)
    {
        string input = $"~~~{language}\nkey:\n\n\n\n  - a    b\n\t**x**\n~~~";

        _compressor.Compress(input).Text.ShouldBe(input);
    }

    [Fact]
    public void Compress_OrdinaryCodeFence_KeepsIndentationAndTokensCollapsesBlankRuns()
    {
        string input = "```csharp\nclass A  \n{\n\n\n\n    int  x  =  1;   // **not** markdown\n    <!-- not a comment -->\n}\n```";

        _compressor.Compress(input).Text.ShouldBe("```csharp\nclass A\n{\n\n    int  x  =  1;   // **not** markdown\n    <!-- not a comment -->\n}\n```");
    }

    [Fact]
    public void Compress_DiffFence_Untouched()
    {
        string input = "```diff\n@@ -1,3 +1,3 @@\n \n-old  \n+new\n \n```";

        _compressor.Compress(input).Text.ShouldBe(input);
    }

    [Fact]
    public void Compress_LogFence_CollapsesRepeatedLinesOnly()
    {
        string input = "```log\n  at Foo.Bar()   \n  at Foo.Bar()\n  at Foo.Bar()\nERROR  boom\n```";

        _compressor.Compress(input).Text.ShouldBe("```log\n  at Foo.Bar() (repeated 3 times)\nERROR  boom\n```");
    }

    [Fact]
    public void Compress_UnclosedFence_TreatsRestAsCode()
    {
        string input = "text  here\n```js\nconst  a = 1;\n\n\n\nlet  b;";

        _compressor.Compress(input).Text.ShouldBe("text here\n```js\nconst  a = 1;\n\nlet  b;");
    }

    [Fact]
    public void Compress_IndentedCodeLines_KeepInteriorSpacing()
    {
        string input = "Example:\n\n    x  =  [1,  2]\n\tif  y:  z\n\nDone  now";

        _compressor.Compress(input).Text.ShouldBe("Example:\n\n    x  =  [1,  2]\n\tif  y:  z\n\nDone now");
    }

    [Fact]
    public void Compress_FrontMatterAndPre_KeptVerbatimExceptTrailingWhitespace()
    {
        string input = "---\ntitle:   Doc  \ntags:  [a,  b]\n---\n<pre>\n  a    b  \n</pre>\nafter   text";

        _compressor.Compress(input).Text.ShouldBe("---\ntitle:   Doc\ntags:  [a,  b]\n---\n<pre>\n  a    b\n</pre>\nafter text");
    }

    [Fact]
    public void Compress_DisabledRules_LeaveTheirTextAlone()
    {
        var compressor = new PromptCompressor(new PromptCompressionOptions
        {
            CollapseWhitespace = false, StripMarkdown = false, RemoveHtmlComments = false, CollapseRepeats = false,
        });
        string input = "a  **b** <!-- c -->\nx\nx\nx";

        compressor.Compress(input).Text.ShouldBe(input);
    }

    [Fact]
    public void Compress_NothingToDo_ReturnsSameInstance()
    {
        string input = "Explain the difference between a struct and a class in C#.";

        CompressionResult result = _compressor.Compress(input);

        result.Text.ShouldBeSameAs(input);
        result.Savings.SavedChars.ShouldBe(0);
    }

    [Fact]
    public void Compress_WithTokenCounter_ReportsTokensSaved()
    {
        static long Words(string s) => s.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).Length + s.Count(c => c == '*');
        string input = "**Summary:**   the   build   failed\n\n\n\n**Cause:** a  missing   file";

        CompressionResult result = _compressor.Compress(input, Words);

        result.Text.ShouldBe("Summary: the build failed\n\nCause: a missing file");
        result.OriginalChars.ShouldBe(input.Length);
        result.CompressedChars.ShouldBe(result.Text.Length);
        result.Savings.OriginalTokens.ShouldBe(Words(input));
        result.SavedTokens.ShouldBe(8);
    }

    [Fact]
    public void Compress_WithoutTokenCounter_TokensAreNull()
    {
        _compressor.Compress("a  b").SavedTokens.ShouldBeNull();
    }

    [Fact]
    public void Compress_Request_CompressesTextPartsAndSumsSavings()
    {
        var request = new ChatRequest();
        request.System.Add(new TextPart("You are   a  reviewer."));
        request.Messages.Add(ChatMessage.FromText(ChatRole.User, "Review   **this**:\n\n\n\n```python\ndef f():  \n    return  1\n```"));
        request.Messages.Add(new ChatMessage(ChatRole.Assistant, [new ToolCallPart("c1", "read", "{\"path\":  \"a  b\"}"), new ThinkingPart("think   hard")]));
        request.Messages.Add(new ChatMessage(ChatRole.Tool, [new ToolResultPart("c1", [new TextPart("file   contents")])]));

        CompressionSavings savings = _compressor.Compress(request, s => s.Length);

        request.System[0].Text.ShouldBe("You are a reviewer.");
        request.Messages[0].Text.ShouldBe("Review this:\n\n```python\ndef f():\n    return  1\n```");
        ((ToolCallPart)request.Messages[1].Content[0]).Arguments.ShouldBe("{\"path\":  \"a  b\"}");
        ((ThinkingPart)request.Messages[1].Content[1]).Text.ShouldBe("think   hard");
        request.Messages[2].Text.ShouldBe("file contents");
        savings.SavedChars.ShouldBe(3 + 10 + 2);
        savings.SavedTokens.ShouldBe(savings.SavedChars);
    }

    public static TheoryData<string> Samples => new()
    {
        "# Task\n\nPlease  **refactor** the   code below.\n\n\n\n```csharp\npublic  int  Add(int a,  int b)  \n{\n\n\n    return a + b;\n}\n```\n\n---\n\n| col  | val |\n|:-----|----:|\n| a    | 1   |",
        "Traceback:\n  File \"x.py\", line 3\nERROR  x\nERROR  x\nERROR  x\nERROR  x\n\n<!-- note -->\n\nWhy?",
        "```python\nclass A:\n    def f(self):  \n        return  '**x**'\n```\ntext  after  **bold** and __under line__",
        "Intro  text.\n\nSame paragraph here.\nSecond line.\n\nSame paragraph here.\nSecond line.\n\nSame paragraph here.\nSecond line.\n\nEnd.",
        "- item  one\n    - nested   item\n\n1. first  **step**\n2. second step\n\n> quoted   text\n> more",
        "Run `npm  install` then  `dotnet   build`.\nUse \"two  spaces\" literally.",
        "Title\n===\n\nSub\n---\n\ntext\n\n***\n\n___\n\nmore",
        "x\n\n\n```\nunclosed   fence\n\n\n\nkeeps  going",
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Compress_Twice_SameAsOnce(string input)
    {
        string once = _compressor.Compress(input).Text;

        _compressor.Compress(once).Text.ShouldBe(once);
    }

    [Fact]
    public void Compress_RandomMarkdown_IsIdempotent()
    {
        string[] pieces =
        [
            "text  with   spaces", "**bold**", "__init__", "`code  span`", "\"quoted   str\"", "", "", "---", "***", "# Head #",
            "| a  | b |", "|---|:--|", "<!-- c -->", "<!--", "-->", "```python", "```", "~~~", "    indented   code", "\tTabbed",
            "repeat me", "repeat me", "repeat me", "a**2", "> quote", "- item", "x  \t y", "***bold italic***", "```diff", " context",
        ];
        var random = new Random(42);
        for (int n = 0; n < 500; n++)
        {
            var sb = new StringBuilder();
            int count = random.Next(1, 25);
            for (int i = 0; i < count; i++)
            {
                sb.Append(pieces[random.Next(pieces.Length)]).Append(random.Next(4) == 0 ? "   \n" : "\n");
            }

            string input = sb.ToString();
            string once = _compressor.Compress(input).Text;

            _compressor.Compress(once).Text.ShouldBe(once, $"input:\n{input}");
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Compress_MeaningPreservingCases_KeepWordsAndCodeTokensInOrder(string input)
    {
        // Without repeat collapsing, the words and code tokens read the same once decoration and spacing are normalised away.
        var compressor = new PromptCompressor(new PromptCompressionOptions { CollapseRepeats = false, RemoveHtmlComments = false });

        string output = compressor.Compress(input).Text;

        Normalise(output).ShouldBe(Normalise(input));
    }

    [Fact]
    public void Compress_PythonCodeInFence_IsByteForByteExceptTrailingWhitespace()
    {
        string code = "import os\n\n\nclass Config:\n    \"\"\"Settings.\n\n\n    Keep   these.\"\"\"\n\n    def load(self,  path):   \n        with open(path) as f:\n            return  [l.strip()  for l in f]\n";
        string input = "Explain:\n\n```py\n" + code + "```\n";

        string output = _compressor.Compress(input).Text;

        string body = output["Explain:\n\n```py\n".Length..^"\n```".Length];
        body.ShouldBe(string.Join('\n', code.TrimEnd('\n').Split('\n').Select(l => l.TrimEnd())));
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingKey()
    {
        ArgumentException e = Should.Throw<ArgumentException>(() => new PromptCompressor(new PromptCompressionOptions { MinRepeatedLines = 1 }));

        e.Message.ShouldContain("Purser:Compression:MinRepeatedLines");
    }

    // Words and symbols in order, ignoring spacing, emphasis markers, thematic breaks and delimiter-row dashes.
    private static string Normalise(string text)
    {
        string s = DecorationPattern().Replace(text, " ");
        return string.Join(' ', s.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
    }

    [GeneratedRegex(@"\*\*|__|(?m)^\s*(?:[-*_]\s*){3,}$|-{3,}|#+\s*$")]
    private static partial Regex DecorationPattern();
}
