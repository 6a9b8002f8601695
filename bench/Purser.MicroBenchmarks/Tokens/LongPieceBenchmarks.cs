using BenchmarkDotNet.Attributes;
using Purser.Tokens;

namespace Purser.MicroBenchmarks.Tokens;

/// <summary>
/// Adversarial input: 100 KB that pre-tokenises into a single piece (a whitespace run, one long "word"), which a
/// quadratic merge could not finish. Exercises the heap merge.
/// </summary>
[MemoryDiagnoser]
public class LongPieceBenchmarks
{
    private string _text = "";

    [Params("spaces", "letters")]
    public string Input { get; set; } = "spaces";

    [GlobalSetup]
    public void Setup()
    {
        BpeEncoding.O200kBase.Preload();
        _text = Input == "spaces" ? new string(' ', 100_000) : string.Concat(Enumerable.Repeat("abcdefghij", 10_000));
    }

    [Benchmark]
    public int CountTokensO200k() => BpeEncoding.O200kBase.CountTokens(_text);
}
