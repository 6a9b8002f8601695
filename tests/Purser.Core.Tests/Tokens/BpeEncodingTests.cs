using Purser.Tokens;

namespace Purser.Core.Tests.Tokens;

public sealed class BpeEncodingTests
{
    public static TheoryData<string, string> VectorCases => BpeVectors.Cases();

    [Theory]
    [MemberData(nameof(VectorCases))]
    public void Encode_ReferenceVector_MatchesReferenceTokenIds(string encoding, string vector)
    {
        BpeVectors.Vector v = BpeVectors.Get(vector);
        BpeEncoding enc = BpeEncoding.ByName(encoding)!;

        int[] tokens = enc.Encode(v.Text, v.AllowSpecial);

        tokens.ShouldBe(v.Tokens[encoding]);
    }

    [Theory]
    [MemberData(nameof(VectorCases))]
    public void CountTokens_ReferenceVector_MatchesReferenceCount(string encoding, string vector)
    {
        BpeVectors.Vector v = BpeVectors.Get(vector);
        if (v.AllowSpecial)
        {
            return; // counting treats special token strings as text; covered by Encode above
        }

        BpeEncoding.ByName(encoding)!.CountTokens(v.Text).ShouldBe(v.Tokens[encoding].Length);
    }

    [Theory]
    [MemberData(nameof(VectorCases))]
    public void Decode_ReferenceTokens_RoundTripsText(string encoding, string vector)
    {
        BpeVectors.Vector v = BpeVectors.Get(vector);

        BpeEncoding.ByName(encoding)!.Decode(v.Tokens[encoding]).ShouldBe(v.Text);
    }

    [Fact]
    public void Encode_SpecialTokenString_IsPlainTextByDefault()
    {
        int[] tokens = BpeEncoding.O200kBase.Encode("<|endoftext|>");

        tokens.Length.ShouldBeGreaterThan(1);
        tokens.ShouldNotContain(199999);
        BpeEncoding.O200kBase.CountTokens("<|endoftext|>").ShouldBe(tokens.Length);
    }

    [Theory]
    [InlineData("o200k_base", "<|endoftext|>", 199999)]
    [InlineData("o200k_base", "<|endofprompt|>", 200018)]
    [InlineData("cl100k_base", "<|endoftext|>", 100257)]
    [InlineData("cl100k_base", "<|fim_middle|>", 100259)]
    public void Encode_AllowSpecialTokens_EmitsSpecialIdAndDecodesBack(string encoding, string special, int id)
    {
        BpeEncoding enc = BpeEncoding.ByName(encoding)!;

        enc.Encode("a" + special + "b", allowSpecialTokens: true).ShouldContain(id);
        enc.Decode([id]).ShouldBe(special);
        enc.SpecialTokens[special].ShouldBe(id);
    }

    [Fact]
    public void Encode_LoneSurrogate_EncodesAsReplacementCharacter()
    {
        BpeEncoding enc = BpeEncoding.O200kBase;

        enc.Encode("x\uD800y").ShouldBe(enc.Encode("x\uFFFDy"));
        enc.Decode(enc.Encode("x\uD800y")).ShouldBe("x\uFFFDy");
    }

    [Fact]
    public void Decode_UnknownId_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => BpeEncoding.Cl100kBase.Decode([100256]));
        Should.Throw<ArgumentOutOfRangeException>(() => BpeEncoding.O200kBase.Decode([-1]));
    }

    [Fact]
    public void Decode_TokenSplittingACharacter_YieldsReplacementCharacter()
    {
        // "😀" is four bytes; in cl100k_base it is two tokens, neither a whole character on its own.
        int[] tokens = BpeEncoding.Cl100kBase.Encode("😀");
        tokens.Length.ShouldBeGreaterThan(1);

        BpeEncoding.Cl100kBase.Decode(tokens.AsSpan(0, 1)).ShouldContain('\uFFFD');
    }

    [Theory]
    [InlineData("o200k_base")]
    [InlineData("cl100k_base")]
    public void CountTokens_PathologicalLongPieces_MatchesEncodeAndRoundTrips(string encoding)
    {
        BpeEncoding enc = BpeEncoding.ByName(encoding)!;
        string[] texts =
        [
            new string(' ', 100_000),
            new string('a', 100_000),
            string.Concat(Enumerable.Repeat("abc", 30_000)),
            string.Concat(Enumerable.Repeat("\t\n ", 20_000)),
        ];

        foreach (string text in texts)
        {
            int[] tokens = enc.Encode(text);
            enc.CountTokens(text).ShouldBe(tokens.Length);
            enc.Decode(tokens).ShouldBe(text);
        }
    }

    [Fact]
    public void Encode_ConcurrentCallers_AgreeWithSequentialResults()
    {
        BpeVectors.Vector[] vectors = [.. BpeVectors.Vectors.Where(v => !v.AllowSpecial)];
        var results = new int[vectors.Length][];

        Parallel.For(0, vectors.Length * 4, i => results[i % vectors.Length] = BpeEncoding.O200kBase.Encode(vectors[i % vectors.Length].Text));

        for (int i = 0; i < vectors.Length; i++)
        {
            results[i].ShouldBe(vectors[i].Tokens["o200k_base"], vectors[i].Name);
        }
    }

    [Fact]
    public void ByName_KnownAndUnknownNames_ResolveOrReturnNull()
    {
        BpeEncoding.ByName("O200K_BASE").ShouldBeSameAs(BpeEncoding.O200kBase);
        BpeEncoding.ByName("cl100k_base").ShouldBeSameAs(BpeEncoding.Cl100kBase);
        BpeEncoding.ByName("p50k_base").ShouldBeNull();
    }

    [Fact]
    public void Count_AsTokenCounter_IsExactAndNamedAfterEncoding()
    {
        ITokenCounter counter = BpeEncoding.Cl100kBase;

        TokenCount count = counter.Count("Hello, world!");

        count.ShouldBe(new TokenCount(4, IsExact: true, "cl100k_base"));
        counter.IsExact.ShouldBeTrue();
        counter.Method.ShouldBe("cl100k_base");
    }

    [Fact]
    public void OrdinaryTokenCount_BothEncodings_MatchPublishedVocabularySizes()
    {
        BpeEncoding.O200kBase.OrdinaryTokenCount.ShouldBe(199998);
        BpeEncoding.Cl100kBase.OrdinaryTokenCount.ShouldBe(100256);
    }
}
