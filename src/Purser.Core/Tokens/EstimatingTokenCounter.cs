using System.Globalization;

namespace Purser.Tokens;

/// <summary>
/// A calibrated estimate for a model whose tokenizer is not public: an OpenAI encoding's exact count scaled by a
/// per-family factor and rounded up (see <see cref="Tokenizers"/> for the factors and where they come from).
/// </summary>
internal sealed class EstimatingTokenCounter : ITokenCounter
{
    private readonly BpeEncoding _encoding;

    public EstimatingTokenCounter(string family, BpeEncoding encoding, double factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 0.1);
        Family = family;
        _encoding = encoding;
        Factor = factor;
        Method = string.Create(CultureInfo.InvariantCulture, $"estimate:{family}({encoding.Name}*{factor:0.00})");
    }

    public string Family { get; }

    public double Factor { get; }

    public string Method { get; }

    public bool IsExact => false;

    public TokenCount Count(ReadOnlySpan<char> text) => new(Scale(_encoding.CountTokens(text)), IsExact: false, Method);

    /// <summary>Scales an exact count of the base encoding, rounding up.</summary>
    internal long Scale(long tokens) => (long)Math.Ceiling(tokens * Factor);
}
