namespace Purser.Providers.Gemini;

/// <summary>
/// Tool call ids for Gemini answers. Gemini rarely names its function calls, so Purser gives them unique ids;
/// and Gemini 3 attaches a thought signature to function calls that must come back with them in the next turn,
/// which neither OpenAI nor Anthropic clients have a field for. The signature therefore travels inside the id
/// (<c>call_…__gsig__&lt;base64url&gt;</c>: only letters, digits, '_' and '-', so Anthropic's id rules hold), and
/// the request writer takes it out again. Writers for other protocols should send <see cref="Strip"/>ped ids.
/// </summary>
internal static class GeminiToolCallIds
{
    private const string Separator = "__gsig__";

    /// <summary>A fresh, unique id for a function call Gemini gave none.</summary>
    public static string New() => "call_" + Guid.NewGuid().ToString("N")[..24];

    /// <summary>The id a client sees: <paramref name="id"/>, carrying <paramref name="signature"/> when there is one.</summary>
    public static string Compose(string id, string? signature) =>
        string.IsNullOrEmpty(signature) ? id : id + Separator + ToBase64Url(signature);

    /// <summary>Splits a client's tool call id into the plain id and the Gemini thought signature it carries, if any.</summary>
    public static (string Id, string? Signature) Split(string id)
    {
        int at = id.IndexOf(Separator, StringComparison.Ordinal);
        return at < 0 ? (id, null) : (id[..at], FromBase64Url(id[(at + Separator.Length)..]));
    }

    /// <summary>The id without any thought signature (for upstreams other than Gemini).</summary>
    public static string Strip(string id)
    {
        int at = id.IndexOf(Separator, StringComparison.Ordinal);
        return at < 0 ? id : id[..at];
    }

    private static string ToBase64Url(string base64) =>
        base64.TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string FromBase64Url(string base64Url)
    {
        string s = base64Url.Replace('-', '+').Replace('_', '/');
        return (s.Length % 4) switch
        {
            2 => s + "==",
            3 => s + "=",
            _ => s,
        };
    }
}
