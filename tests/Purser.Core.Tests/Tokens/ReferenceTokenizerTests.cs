using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;
using Purser.Tokens;

namespace Purser.Core.Tests.Tokens;

/// <summary>
/// A differential test: our tokenizer against Microsoft.ML.Tokenizers (the reference, a test-only dependency) on a large
/// generated corpus and on real text (this repository's documentation and sources). Identical ids are required, with one
/// known exception: letters and digits outside the Basic Multilingual Plane (mathematical alphanumerics such as 𝐀 or 𝟎,
/// many historic scripts). Microsoft.ML.Tokenizers 3.0 pre-tokenizes with a .NET regex, which sees such a character as two
/// surrogates (category Cs), not as \p{L} / \p{N}, and splits differently from OpenAI's tiktoken; ours follows tiktoken
/// (<see cref="AstralLettersAndDigits_FollowTiktokenNotTheReference"/>). A real file with such characters is compared
/// paragraph by paragraph, leaving out only the paragraphs that have them.
/// </summary>
public sealed class ReferenceTokenizerTests
{
    private static readonly Lazy<Tokenizer> ReferenceO200k = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));
    private static readonly Lazy<Tokenizer> ReferenceCl100k = new(() => TiktokenTokenizer.CreateForEncoding("cl100k_base"));

    public static TheoryData<string> Encodings => ["o200k_base", "cl100k_base"];

    [Theory]
    [MemberData(nameof(Encodings))]
    public void GeneratedCorpus_SameIdsAsTheReference(string encoding)
    {
        (BpeEncoding ours, Tokenizer reference) = Pair(encoding);
        int texts = 0;
        long tokens = 0;
        foreach (string text in GeneratedCorpus(seed: 20261207, count: 4000))
        {
            HasAstralLetterOrDigit(text).ShouldBeFalse();
            AssertSame(ours, reference, text, encoding);
            texts++;
            tokens += ours.CountTokens(text);
        }

        texts.ShouldBe(4000);
        tokens.ShouldBeGreaterThan(200_000);
    }

    /// <summary>Token ids from OpenAI's tiktoken 1.0.22 (npm) for text with mathematical bold/sans letters and a digit.</summary>
    [Theory]
    [InlineData("cl100k_base", new[] { 19016, 29754, 57352, 238, 222, 82350, 244, 118, 220, 57352, 253, 236, 63, 705, 4319, 839 })]
    [InlineData("o200k_base", new[] { 37806, 61435, 91362, 222, 220, 43120, 244, 118, 220, 43120, 253, 236, 63, 936, 8233, 1084 })]
    public void AstralLettersAndDigits_FollowTiktokenNotTheReference(string encoding, int[] tiktoken)
    {
        const string Text = " digits (`\U0001D400 \U0001D5BA \U0001D7CE`), circled";

        BpeEncoding.ByName(encoding)!.Encode(Text).ShouldBe(tiktoken);
        HasAstralLetterOrDigit(Text).ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void RealText_SameIdsAsTheReference(string encoding)
    {
        (BpeEncoding ours, Tokenizer reference) = Pair(encoding);
        List<string> files = RealCorpus();
        files.Count.ShouldBeGreaterThan(50);
        int compared = 0;
        foreach (string file in files)
        {
            string text = File.ReadAllText(file);
            string[] pieces = HasAstralLetterOrDigit(text) ? text.Split("\n\n") : [text];
            foreach (string piece in pieces.Where(p => !HasAstralLetterOrDigit(p)))
            {
                AssertSame(ours, reference, piece, $"{encoding} {Path.GetFileName(file)}");
                compared += piece.Length;
            }
        }

        compared.ShouldBeGreaterThan(500_000);
    }

    private static bool HasAstralLetterOrDigit(string text)
    {
        for (int i = 0; i < text.Length - 1; i++)
        {
            if (char.IsSurrogatePair(text[i], text[i + 1]) && (char.IsLetter(text, i) || char.IsNumber(text, i)))
            {
                return true;
            }
        }

        return false;
    }

    private static void AssertSame(BpeEncoding ours, Tokenizer reference, string text, string what)
    {
        int[] mine = ours.Encode(text);
        IReadOnlyList<int> theirs = reference.EncodeToIds(text);
        if (!mine.AsSpan().SequenceEqual(theirs.ToArray()))
        {
            int at = 0;
            while (at < Math.Min(mine.Length, theirs.Count) && mine[at] == theirs[at])
            {
                at++;
            }

            int from = Math.Max(0, at - 4);
            string oursNear = string.Join(" | ", mine.Skip(from).Take(9).Select(t => Escape(ours.Decode([t]))));
            string theirsNear = string.Join(" | ", theirs.Skip(from).Take(9).Select(t => Escape(reference.Decode([t]) ?? "?")));
            Assert.Fail($"{what}: ids differ at token {at} ({mine.Length} ours, {theirs.Count} reference). Ours from token {from}: {oursNear}; reference: {theirsNear}");
        }

        ours.CountTokens(text).ShouldBe(theirs.Count);
    }

    private static (BpeEncoding Ours, Tokenizer Reference) Pair(string encoding) => encoding switch
    {
        "o200k_base" => (BpeEncoding.O200kBase, ReferenceO200k.Value),
        _ => (BpeEncoding.Cl100kBase, ReferenceCl100k.Value),
    };

    /// <summary>
    /// Text made to stress pre-tokenization and merging: words in several scripts, contractions, numbers of every
    /// length, punctuation runs, whitespace runs and line ends, code, emoji with modifiers and joiners, combining marks.
    /// No special-token strings (&lt;|…|&gt;), which both sides treat by their own options.
    /// </summary>
    internal static IEnumerable<string> GeneratedCorpus(int seed, int count)
    {
        string[] words =
        [
            "the", "The", "HTTP", "don't", "I'm", "they'll", "we've", "you'd", "she's", "O'Neil", "naïve", "café", "Straße",
            "über", "ÉLAN", "año", "smörgåsbord", "Привет", "мир", "Ελληνικά", "שלום", "مرحبا", "بالعالم", "नमस्ते", "こんにちは",
            "世界", "你好", "한국어", "ไทย", "tiếng", "Việt", "getUserById", "snake_case_name", "kebab-case", "CONSTANT_VALUE",
            "x86_64", "v1.2.3", "e.g.", "https://example.com/path?q=1&r=2", "user@example.com", "0x1F", "1e-9", "3.14159",
            "2026-12-07T17:55:00Z", "$5.00", "100%", "#hashtag", "@mention", "\u00e9\u0301", "a\u0308", "🙂", "👍🏽", "👨‍👩‍👧",
            "🏳️‍🌈", "∑", "→", "≠", "½", "™", "«quote»", "„Zitat“", "¿Qué?", "¡Hola!", "…", "—", "\u200b", "\u00a0",
        ];
        string[] separators = [" ", " ", " ", "  ", "\t", "\n", "\n\n", "\r\n", "   \n", ", ", ". ", "; ", ": ", "! ", "? ", " - ", "", "'", "\"", "(", ")", "{", "}", "[", "]", "<", ">", "/", "\\", "=", "==", "=>", "->", "::", "...", "```", "*", "**", "_", "~", "|", "&&"];
        var random = new Random(seed);
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            text.Clear();
            int parts = random.Next(1, 160);
            for (int p = 0; p < parts; p++)
            {
                switch (random.Next(10))
                {
                    case 0:
                        string digits = random.NextInt64(0, long.MaxValue).ToString(CultureInfo.InvariantCulture);
                        text.Append(digits[..Math.Min(digits.Length, random.Next(1, 19))]);
                        break;
                    case 1:
                        text.Append(RandomLetters(random));
                        break;
                    case 2:
                        text.Append(' ', random.Next(1, 12));
                        break;
                    default:
                        text.Append(words[random.Next(words.Length)]);
                        break;
                }

                text.Append(separators[random.Next(separators.Length)]);
            }

            yield return text.ToString();
        }
    }

    private static string RandomLetters(Random random)
    {
        // Code points from Latin, Cyrillic, CJK and symbol blocks, including some outside the BMP.
        (int From, int To)[] blocks = [(0x21, 0x7E), (0xA1, 0x17F), (0x400, 0x4FF), (0x4E00, 0x4FFF), (0x1F300, 0x1F5FF), (0x3040, 0x30FF)];
        var letters = new StringBuilder();
        int length = random.Next(1, 12);
        for (int i = 0; i < length; i++)
        {
            (int from, int to) = blocks[random.Next(blocks.Length)];
            letters.Append(char.ConvertFromUtf32(random.Next(from, to + 1)));
        }

        return letters.ToString().Replace("<|", "< |", StringComparison.Ordinal);
    }

    /// <summary>Real text: this repository's documentation and C# sources (found from the test's output folder).</summary>
    private static List<string> RealCorpus()
    {
        DirectoryInfo? root = new(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Purser.slnx")))
        {
            root = root.Parent;
        }

        root.ShouldNotBeNull("the repository root (Purser.slnx) above the test output folder");
        return
        [
            .. Directory.EnumerateFiles(Path.Combine(root.FullName, "docs"), "*.md"),
            Path.Combine(root.FullName, "README.md"),
            .. Directory.EnumerateFiles(Path.Combine(root.FullName, "src", "Purser.Core"), "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Take(300),
        ];
    }

    private static string Escape(string text) => text.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
}
