namespace Purser.Tokens;

/// <summary>Counts the tokens of a text for one model family. Implementations are thread-safe.</summary>
internal interface ITokenCounter
{
    /// <summary>How counts are made: an encoding name, or an estimate's description (see <see cref="TokenCount.Method"/>).</summary>
    string Method { get; }

    /// <summary>True when counts are exact for the model this counter was chosen for.</summary>
    bool IsExact { get; }

    /// <summary>Counts the tokens of <paramref name="text"/>.</summary>
    TokenCount Count(ReadOnlySpan<char> text);
}
