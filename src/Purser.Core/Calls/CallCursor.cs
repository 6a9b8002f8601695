using System.Globalization;

namespace Purser.Calls;

/// <summary>
/// Where a page of calls (newest first) ends: the last row's time and ledger id. The next page starts strictly after
/// it, so rows written meanwhile never shift a page. Written as "&lt;ms&gt;-&lt;id&gt;".
/// </summary>
internal readonly record struct CallCursor(long TimestampMs, long Id)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{TimestampMs}-{Id}");

    public static bool TryParse(string? text, out CallCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        int dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0
            || !long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out long ms)
            || !long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long id))
        {
            return false;
        }

        cursor = new CallCursor(ms, id);
        return true;
    }
}
