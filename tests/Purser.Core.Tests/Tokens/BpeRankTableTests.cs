using System.IO.Compression;
using Purser.Tokens;

namespace Purser.Core.Tests.Tokens;

public sealed class BpeRankTableTests
{
    [Theory]
    [InlineData("o200k_base", 199998)]
    [InlineData("cl100k_base", 100256)]
    public void LoadEmbedded_EveryToken_LooksUpToItsOwnRank(string encoding, int count)
    {
        BpeRankTable table = BpeRankTable.LoadEmbedded(encoding);

        table.Count.ShouldBe(count);
        for (int rank = 0; rank < table.Count; rank++)
        {
            table.Lookup(table.GetBytes(rank)).ShouldBe(rank);
        }

        for (int b = 0; b < 256; b++)
        {
            table.GetBytes(table.ByteRank((byte)b)).ToArray().ShouldBe([(byte)b]);
        }
    }

    [Fact]
    public void Lookup_BytesThatAreNoToken_ReturnsMinusOne()
    {
        BpeRankTable table = BpeEncoding.Cl100kBase.Table;

        table.Lookup("zqxjkvbwq"u8).ShouldBe(-1);
        table.Lookup([]).ShouldBe(-1);
        table.Contains(table.Count).ShouldBeFalse();
    }

    [Fact]
    public void Load_NotARankFile_ThrowsInvalidData()
    {
        using var packed = new MemoryStream();
        using (var brotli = new BrotliStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            brotli.Write("not a rank file at all"u8);
        }

        packed.Position = 0;

        Should.Throw<InvalidDataException>(() => BpeRankTable.Load(packed));
    }
}
