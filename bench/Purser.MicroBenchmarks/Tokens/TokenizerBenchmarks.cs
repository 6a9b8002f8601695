using BenchmarkDotNet.Attributes;
using Purser.Tokens;

namespace Purser.MicroBenchmarks.Tokens;

/// <summary>Token counting and encoding throughput on mixed prose / code / JSON / non-English text.</summary>
[MemoryDiagnoser]
public class TokenizerBenchmarks
{
    private BpeEncoding _encoding = null!;
    private string _text = "";

    [Params("o200k_base", "cl100k_base")]
    public string Encoding { get; set; } = "o200k_base";

    /// <summary>Text size in characters (about 1 KB and 100 KB).</summary>
    [Params(1_000, 100_000)]
    public int Chars { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _encoding = BpeEncoding.ByName(Encoding)!;
        _encoding.Preload();
        _text = BenchmarkCorpus.Build(Chars);
    }

    [Benchmark(Baseline = true)]
    public int CountTokens() => _encoding.CountTokens(_text);

    [Benchmark]
    public int Encode() => _encoding.Encode(_text).Length;
}
