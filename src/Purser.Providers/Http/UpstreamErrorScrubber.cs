using Purser.Errors;
using Purser.Guards;
using Purser.Streaming;

namespace Purser.Providers.Http;

/// <summary>
/// Removes secrets from what an upstream says when it fails, before the text reaches the client, the ledger or a log:
/// Purser's own provider credentials (every configured key and extra header value, replaced with
/// <c>[REDACTED:provider_key]</c>) and anything the secret scanner recognises. An upstream — or something posing as one
/// — may echo the request's Authorization header in its error. The high-entropy detector is left out so request ids in
/// error messages stay readable.
/// </summary>
internal sealed class UpstreamErrorScrubber
{
    /// <summary>Shorter values are not treated as credentials (they would match ordinary words).</summary>
    public const int MinSecretLength = 8;

    public const string Placeholder = "[REDACTED:provider_key]";

    private readonly string[] _secrets;
    private readonly SecretScanner _scanner;

    public UpstreamErrorScrubber(IEnumerable<string?> secrets, SecretScanner? scanner = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);

        // Longest first, so a key that contains another is replaced whole.
        _secrets = [.. secrets.Where(s => s is { Length: >= MinSecretLength }).Select(s => s!).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];
        _scanner = scanner ?? SecretScanner.Default;
    }

    /// <summary>One that knows no provider key: only the scanner's findings are removed.</summary>
    public static UpstreamErrorScrubber ScannerOnly { get; } = new([]);

    public string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (string secret in _secrets)
        {
            text = text.Replace(secret, Placeholder, StringComparison.Ordinal);
        }

        List<SecretFinding> findings = [.. _scanner.Scan(text).Where(f => f.Kind != SecretKind.HighEntropy)];
        return findings.Count == 0 ? text : SecretScanner.Redact(text, findings);
    }

    public PurserError Clean(PurserError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        string message = Clean(error.Message);
        return ReferenceEquals(message, error.Message) ? error : error with { Message = message };
    }

    /// <summary>
    /// A stream event that carries an upstream error: the error cleaned, and the upstream's own bytes no longer forwarded
    /// to a same-protocol client (the gateway writes the cleaned error in the client's protocol instead).
    /// </summary>
    public StreamChunk Clean(StreamChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (!chunk.Events.Any(e => e is ErrorEvent))
        {
            return chunk;
        }

        return new StreamChunk(chunk.Protocol, ReadOnlyMemory<byte>.Empty, [.. chunk.Events.Select(e => e is ErrorEvent error ? new ErrorEvent(Clean(error.Error)) : e)])
        {
            Suppress = true,
        };
    }
}
