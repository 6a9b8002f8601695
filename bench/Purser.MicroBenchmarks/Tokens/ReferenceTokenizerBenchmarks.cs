using BenchmarkDotNet.Attributes;
using Microsoft.ML.Tokenizers;
using Purser.Tokens;

namespace Purser.MicroBenchmarks.Tokens;

/// <summary>
/// Our tokenizer against Microsoft.ML.Tokenizers 3.0 (the reference the differential tests compare ids with) on the same
/// text: counting and encoding. Both counts are checked equal in the set-up.
/// </summary>
[MemoryDiagnoser]
public class ReferenceTokenizerBenchmarks
{
    private BpeEncoding _ours = null!;
    private Tokenizer _reference = null!;
    private string _text = "";

    [Params("o200k_base", "cl100k_base")]
    public string Encoding { get; set; } = "o200k_base";

    [Params(1_000, 100_000)]
    public int Chars { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _ours = BpeEncoding.ByName(Encoding)!;
        _ours.Preload();
        _reference = TiktokenTokenizer.CreateForEncoding(Encoding);
        _text = BenchmarkCorpus.Build(Chars);
        if (_ours.CountTokens(_text) != _reference.CountTokens(_text))
        {
            throw new InvalidOperationException($"{Encoding}: the counts differ ({_ours.CountTokens(_text)} ours, {_reference.CountTokens(_text)} reference).");
        }
    }

    [Benchmark(Baseline = true)]
    public int PurserCountTokens() => _ours.CountTokens(_text);

    [Benchmark]
    public int ReferenceCountTokens() => _reference.CountTokens(_text);

    [Benchmark]
    public int PurserEncode() => _ours.Encode(_text).Length;

    [Benchmark]
    public int ReferenceEncodeToIds() => _reference.EncodeToIds(_text).Count;
}
