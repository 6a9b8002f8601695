using System.Globalization;
using System.Text;

namespace Purser.Guards;

/// <summary>
/// The outcome of the secret guard on one prompt or request: the findings (kind and place, never the
/// value), what was done, and for a string the text to send.
/// </summary>
internal sealed class SecretGuardResult
{
    /// <summary>The error kind the gateway reports for a blocked request.</summary>
    public const string ErrorKind = "guard_blocked";

    private const int MaxListedFindings = 10;

    internal SecretGuardResult(SecretGuardMode mode, IReadOnlyList<SecretFinding> findings, string? text)
    {
        Mode = mode;
        Findings = findings;
        Text = text;
        Action = findings.Count == 0 || mode == SecretGuardMode.Off
            ? SecretGuardAction.None
            : mode switch
            {
                SecretGuardMode.Warn => SecretGuardAction.Warned,
                SecretGuardMode.Redact => SecretGuardAction.Redacted,
                _ => SecretGuardAction.Blocked,
            };
    }

    public SecretGuardMode Mode { get; }

    public SecretGuardAction Action { get; }

    public IReadOnlyList<SecretFinding> Findings { get; }

    /// <summary>For a guarded string: the text to send (redacted in redact mode, unchanged otherwise). Null for a request.</summary>
    public string? Text { get; }

    public bool IsBlocked => Action == SecretGuardAction.Blocked;

    /// <summary>Counts by kind, e.g. <c>openai_api_key=1,jwt=2</c> (for a response header or the ledger); empty when nothing was found.</summary>
    public string Summary =>
        string.Join(',', Findings.GroupBy(f => f.KindId).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key}={g.Count()}")));

    /// <summary>
    /// The message for a blocked request's 400: what kind of secret and where, never the secret itself.
    /// </summary>
    public string Message
    {
        get
        {
            if (Findings.Count == 0)
            {
                return "No secrets found.";
            }

            var sb = new StringBuilder();
            sb.Append(IsBlocked ? "Request blocked by the secret guard: " : "The secret guard found ")
                .Append(Findings.Count.ToString(CultureInfo.InvariantCulture))
                .Append(Findings.Count == 1 ? " secret: " : " secrets: ");
            for (int i = 0; i < Math.Min(Findings.Count, MaxListedFindings); i++)
            {
                if (i > 0)
                {
                    sb.Append("; ");
                }

                sb.Append(Findings[i].ToString());
            }

            if (Findings.Count > MaxListedFindings)
            {
                sb.Append(CultureInfo.InvariantCulture, $"; and {Findings.Count - MaxListedFindings} more");
            }

            sb.Append(IsBlocked ? ". Remove them, or ask for the guard's mode to be changed." : ".");
            return sb.ToString();
        }
    }

    public override string ToString() => Message;
}
