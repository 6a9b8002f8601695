using System.Text.RegularExpressions;
using Purser.Guards;

namespace Purser.Assistant.Validation;

/// <summary>Patterns the language analysers share: SQL in a string, password context, logger calls, and the secret scan.</summary>
internal static partial class CodePatterns
{
    private static readonly string[] NotLoggers = ["catalog", "dialog", "blog", "backlog", "changelog", "prolog", "analog", "login", "logic", "logo", "logout", "logistic"];

    /// <summary>Text that reads as an SQL statement: SELECT … FROM, INSERT INTO, UPDATE … SET, DELETE FROM, MERGE INTO, EXEC(UTE) sp.</summary>
    [GeneratedRegex(@"\b(SELECT\b[\s\S]{1,400}?\bFROM\b|INSERT\s+INTO\b|UPDATE\s+[\w\[\]""`.]+\s+SET\b|DELETE\s+FROM\b|MERGE\s+INTO\b|DROP\s+TABLE\b|WHERE\s+\w+\s*(=|LIKE|IN)\s*['""]?$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex Sql();

    [GeneratedRegex(@"passw(or)?d|passwd|\bpwd\b|pass_?phrase|credential", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex PasswordContext();

    /// <summary>Whether a dotted call target (<c>_logger.LogError</c>, <c>Log.Warning</c>, <c>logging.error</c>, <c>AssistantLog.CallFailed</c>) is a logger call.</summary>
    public static bool IsLoggerTarget(string target)
    {
        foreach (string raw in target.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            string segment = raw.Trim().TrimStart('_', '@', '$').ToLowerInvariant();
            int paren = segment.IndexOfAny(['(', '<', '[', '!', '?']);
            segment = paren >= 0 ? segment[..paren] : segment;
            if (segment.Length == 0 || NotLoggers.Any(n => segment.EndsWith(n, StringComparison.Ordinal) || segment.StartsWith(n, StringComparison.Ordinal)))
            {
                continue;
            }

            if (segment.StartsWith("log", StringComparison.Ordinal) || segment.EndsWith("log", StringComparison.Ordinal) || segment.EndsWith("logger", StringComparison.Ordinal)
                || segment is "logging" or "winston" or "pino" or "bunyan" or "serilog")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Hard-coded secrets, through the secret guard's scanner (SEC005). The value is never put in the message.</summary>
    public static void Secrets(string text, SecretScanner scanner, FileChecks checks)
    {
        foreach (SecretFinding finding in scanner.Scan(text))
        {
            checks.Add(ValidationRules.HardCodedSecret, finding.Line, $"A hard-coded secret ({finding.KindId}) at column {finding.Column}: read it from configuration, the environment or a secret store.");
        }
    }
}
