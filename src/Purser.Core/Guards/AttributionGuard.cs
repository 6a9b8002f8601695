using Purser.Pipeline;

namespace Purser.Guards;

/// <summary>
/// Cleans who a call is for — user, project, agent, repository, operation, tags, metadata — of credentials before the
/// ledger, budgets or reports see them (a client that sends <c>"user": "ghp_…"</c> must not get the token stored and
/// listed by /api/costs?by=user). It runs whatever the guard's mode, since these values are stored, not sent; each
/// secret becomes a typed placeholder. The high-entropy detector is left out: user fields often hold hashed ids, as
/// providers recommend, which are not credentials.
/// </summary>
internal static class AttributionGuard
{
    public static void Redact(Attribution attribution, SecretScanner scanner)
    {
        ArgumentNullException.ThrowIfNull(attribution);
        ArgumentNullException.ThrowIfNull(scanner);
        attribution.User = Clean(attribution.User, scanner);
        attribution.Project = Clean(attribution.Project, scanner);
        attribution.Agent = Clean(attribution.Agent, scanner);
        attribution.Repository = Clean(attribution.Repository, scanner);
        attribution.Operation = Clean(attribution.Operation, scanner)!;
        // Tags and metadata may be shared with the key or the request: cleaned copies replace them.
        if (attribution.Tags.Any(t => Clean(t, scanner) != t))
        {
            attribution.Tags = [.. attribution.Tags.Select(t => Clean(t, scanner)!)];
        }

        if (attribution.Metadata is { Count: > 0 } metadata && metadata.Any(m => Clean(m.Value, scanner) != m.Value))
        {
            attribution.Metadata = metadata.ToDictionary(m => m.Key, m => Clean(m.Value, scanner)!, metadata.Comparer);
        }
    }

    private static string? Clean(string? value, SecretScanner scanner)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }

        List<SecretFinding> findings = [.. scanner.Scan(value).Where(f => f.Kind != SecretKind.HighEntropy)];
        return findings.Count == 0 ? value : SecretScanner.Redact(value, findings);
    }
}
