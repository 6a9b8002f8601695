using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Purser.Chat;

namespace Purser.Guards;

/// <summary>
/// Applies the secret guard's mode to outgoing prompts: <see cref="SecretGuardMode.Block"/> reports
/// where secrets are, <see cref="SecretGuardMode.Redact"/> replaces them with typed placeholders,
/// <see cref="SecretGuardMode.Warn"/> only reports. It never logs, stores or returns a secret value.
/// Thread-safe; one instance per configuration.
/// </summary>
internal sealed class SecretGuard
{
    private readonly SecretGuardOptions _options;
    private readonly SecretGuardPolicy _default;
    private readonly ConcurrentDictionary<(string? Project, string? Key, bool Tighten), SecretGuardPolicy> _policies = new();

    /// <summary>Validates the options (throws <see cref="ArgumentException"/> naming every bad key) and builds the scanners.</summary>
    public SecretGuard(SecretGuardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid secret guard configuration: " + string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _default = options.Resolve(null, null);
    }

    /// <summary>
    /// The effective policy for a caller: key override over project override over the global settings. A project that is
    /// not <paramref name="projectBound"/> (claimed by a header rather than set by the caller's key) may only tighten
    /// what the key or the global settings require (<see cref="SecretGuardOptions.ResolveTightening"/>).
    /// </summary>
    public SecretGuardPolicy Resolve(string? project = null, string? keyId = null, bool projectBound = true)
    {
        bool hasProject = project is not null && _options.Projects.ContainsKey(project);
        bool hasKey = keyId is not null && _options.Keys.ContainsKey(keyId);
        if (!hasProject && !hasKey)
        {
            return _default;
        }

        // Only configured names reach the cache, so it is bounded by the configuration.
        return _policies.GetOrAdd(
            (hasProject ? project : null, hasKey ? keyId : null, hasProject && !projectBound),
            static (k, o) => k.Tighten ? o.ResolveTightening(k.Project!, k.Key) : o.Resolve(k.Project, k.Key),
            _options);
    }

    /// <summary>Guards one prompt string.</summary>
    public SecretGuardResult Apply(string text, SecretGuardPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        policy ??= _default;
        if (policy.Mode == SecretGuardMode.Off)
        {
            return new SecretGuardResult(policy.Mode, [], text);
        }

        IReadOnlyList<SecretFinding> findings = policy.Scanner.Scan(text);
        string output = policy.Mode == SecretGuardMode.Redact ? SecretScanner.Redact(text, findings) : text;
        return new SecretGuardResult(policy.Mode, findings, output);
    }

    /// <summary>
    /// Guards a request: system prompt, message text, tool results and tool-call arguments, and the raw
    /// body kept for passthrough. Findings are reported with paths in the raw body's terms when there is
    /// one (<c>messages[1].content</c>), else in the canonical model's. In redact mode both the canonical
    /// request and <see cref="ChatRequest.Raw"/> are rewritten in place; reasoning blocks, images and ids are
    /// never touched.
    /// </summary>
    public SecretGuardResult Apply(ChatRequest request, SecretGuardPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        policy ??= _default;
        if (policy.Mode == SecretGuardMode.Off)
        {
            return new SecretGuardResult(policy.Mode, [], null);
        }

        bool redact = policy.Mode == SecretGuardMode.Redact;
        if (request.Raw is null)
        {
            return new SecretGuardResult(policy.Mode, GuardCanonical(request, policy.Scanner, redact), null);
        }

        // The raw body is what the client sent: report its paths. The canonical model, parsed from it, is
        // only rewritten (in redact mode) so that a translated request carries the same placeholders.
        List<SecretFinding> raw = SecretJsonRedactor.Walk(request.Raw, policy.Scanner, redact);
        if (redact && raw.Count > 0)
        {
            GuardCanonical(request, policy.Scanner, redact);
        }

        return new SecretGuardResult(policy.Mode, raw, null);
    }

    /// <summary>Finds the secrets in every prompt string of a JSON tree (object or array root), with their JSON paths.</summary>
    public static IReadOnlyList<SecretFinding> ScanJson(JsonNode node, SecretScanner? scanner = null) =>
        SecretJsonRedactor.Walk(node, scanner ?? SecretScanner.Default, redact: false);

    /// <summary>
    /// Redacts, in place, every prompt string of a JSON tree (object or array root): each secret becomes a
    /// typed placeholder. Ids, signatures, encrypted reasoning and binary data are left alone.
    /// </summary>
    public static IReadOnlyList<SecretFinding> RedactJson(JsonNode node, SecretScanner? scanner = null) =>
        SecretJsonRedactor.Walk(node, scanner ?? SecretScanner.Default, redact: true);

    private static List<SecretFinding> GuardCanonical(ChatRequest request, SecretScanner scanner, bool redact)
    {
        var pieces = new SecretPieces();
        for (int i = 0; i < request.System.Count; i++)
        {
            TextPart part = request.System[i];
            pieces.AddText(part.Text, $"system[{Index(i)}]", text => part.Text = text);
        }

        for (int m = 0; m < request.Messages.Count; m++)
        {
            CollectParts(request.Messages[m].Content, $"messages[{Index(m)}].content", pieces);
        }

        if (request.Embedding is { } embedding)
        {
            // What an embeddings call sends upstream is its input text (token ids carry no text to scan).
            for (int i = 0; i < embedding.Inputs.Count; i++)
            {
                Embeddings.EmbeddingInput input = embedding.Inputs[i];
                if (input.Text is { } text)
                {
                    pieces.AddText(text, $"input[{Index(i)}]", redacted => input.Text = redacted);
                }
            }
        }

        return pieces.Apply(scanner, redact);
    }

    private static void CollectParts(List<ContentPart> parts, string path, SecretPieces pieces)
    {
        for (int p = 0; p < parts.Count; p++)
        {
            string at = $"{path}[{Index(p)}]";
            switch (parts[p])
            {
                case TextPart text:
                    pieces.AddText(text.Text, at, redacted => text.Text = redacted);
                    break;
                case ToolCallPart call:
                    void SetArguments(string redacted) => call.Arguments = redacted;
                    if (!SecretJsonRedactor.TryCollectJsonText(call.Arguments, new PieceTarget(null, at + ".arguments", SetArguments, null), pieces))
                    {
                        pieces.AddText(call.Arguments, at + ".arguments", SetArguments);
                    }

                    break;
                case ToolResultPart result:
                    CollectParts(result.Content, at + ".content", pieces);
                    break;
                case ImagePart { Url: { } url } image when !url.StartsWith("data:", StringComparison.OrdinalIgnoreCase):
                    // An image by URL (credentials or a token in it); inline data is binary and left alone.
                    int index = p;
                    pieces.AddText(url, at + ".url", redacted => parts[index] = new ImagePart { Url = redacted, MediaType = image.MediaType, Detail = image.Detail });
                    break;

                    // ThinkingPart is signed model output: left alone.
            }
        }
    }

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);
}
