using BenchmarkDotNet.Attributes;
using Purser.Tokens;

namespace Purser.MicroBenchmarks.Tokens;

/// <summary>Loading an encoding's rank data from the embedded resource (decompress, index, hash table), warm JIT.</summary>
[MemoryDiagnoser]
public class RankLoadBenchmarks
{
    [Params("o200k_base", "cl100k_base")]
    public string Encoding { get; set; } = "o200k_base";

    [Benchmark]
    public int LoadRanks() => BpeRankTable.LoadEmbedded(Encoding).Count;
}
