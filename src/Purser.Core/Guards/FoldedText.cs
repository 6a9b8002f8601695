using System.Buffers;

namespace Purser.Guards;

/// <summary>
/// Text as the detectors read it (<see cref="SecretTextFolding"/>) with, for each of its characters, where it came
/// from in the original, so that a span found here is redacted there, invisible and look-alike characters included.
/// Dispose it to return the position map to the pool.
/// </summary>
internal sealed class FoldedText(string text, int[] map, int originalLength) : IDisposable
{
    private int[]? _map = map;

    public string Text { get; } = text;

    public int OriginalLength { get; } = originalLength;

    /// <summary>
    /// The original span of the folded span [start, end): from the first character's origin to the origin of the next
    /// kept character, so characters removed inside or just after the span (a zero-width space) go with it.
    /// </summary>
    public (int Start, int End) ToOriginal(int start, int end)
    {
        int[] positions = _map ?? throw new ObjectDisposedException(nameof(FoldedText));
        return (positions[start], end >= Text.Length ? OriginalLength : positions[end]);
    }

    public void Dispose()
    {
        if (_map is { } map)
        {
            _map = null;
            ArrayPool<int>.Shared.Return(map);
        }
    }
}
