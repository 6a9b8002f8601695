using System.Text;
using Purser.Tokens;

namespace Purser.Core.Tests.Tokens;

public sealed class BytePairMergerTests
{
    [Theory]
    [InlineData("o200k_base")]
    [InlineData("cl100k_base")]
    public void MergeWithHeap_RandomPieces_AgreesWithLinearMerge(string encoding)
    {
        BpeRankTable table = BpeEncoding.ByName(encoding)!.Table;
        var random = new Random(12345);
        byte[][] alphabets =
        [
            "ab "u8.ToArray(),
            "etaoin shrdlu"u8.ToArray(),
            "0123456789abcdef"u8.ToArray(),
            Encoding.UTF8.GetBytes("éß中😀 a"),
            [.. Enumerable.Range(0, 256).Select(i => (byte)i)],
        ];

        for (int i = 0; i < 600; i++)
        {
            byte[] alphabet = alphabets[i % alphabets.Length];
            byte[] piece = new byte[2 + random.Next(300)];
            for (int j = 0; j < piece.Length; j++)
            {
                piece[j] = alphabet[random.Next(alphabet.Length)];
            }

            var linear = new List<int>();
            var heap = new List<int>();
            int linearCount = BytePairMerger.MergeLinear(table, piece, linear);
            int heapCount = BytePairMerger.MergeWithHeap(table, piece, heap);

            heap.ShouldBe(linear);
            heapCount.ShouldBe(linearCount);
            linear.Count.ShouldBe(linearCount);
            BytePairMerger.MergeLinear(table, piece, output: null).ShouldBe(linearCount);
        }
    }

    [Fact]
    public void Merge_Output_ConcatenatesBackToThePiece()
    {
        BpeRankTable table = BpeEncoding.O200kBase.Table;
        byte[] piece = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("antidisestablishmentarianism", 20)));
        var tokens = new List<int>();

        BytePairMerger.Merge(table, piece, tokens);

        tokens.SelectMany(t => table.GetBytes(t).ToArray()).ShouldBe(piece);
    }
}
