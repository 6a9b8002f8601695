using System.Globalization;
using Purser.Assistant.Hosting;
using Purser.Assistant.Languages;

namespace Purser.Assistant.Limits;

/// <summary>
/// The size limit and language allow-list of the analysis features (CLI and HTTP alike):
/// <c>Purser:Assistant:MaxCodeBytes</c> (default 50 KB) and <c>Purser:Assistant:AllowedLanguages</c> (default: every
/// language Purser recognises).
/// </summary>
internal sealed class AnalysisLimits
{
    private readonly HashSet<string>? _allowed;

    public AnalysisLimits(AssistantOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        MaxCodeBytes = options.MaxCodeBytes;
        if (options.AllowedLanguages.Count > 0)
        {
            _allowed = new HashSet<string>(StringComparer.Ordinal);
            foreach (string name in options.AllowedLanguages)
            {
                if (LanguageDetector.Find(name) is { } language)
                {
                    _allowed.Add(language.Id);
                }
            }
        }
    }

    public int MaxCodeBytes { get; }

    /// <summary>The ids of the allowed languages; null when every recognised language is allowed.</summary>
    public IReadOnlyCollection<string>? AllowedLanguages => _allowed;

    /// <summary>A violation when <paramref name="bytes"/> is over the limit; <paramref name="what"/> names the input ("the file app.py", "'code'").</summary>
    public LimitViolation? CheckSize(long bytes, string what) =>
        bytes <= MaxCodeBytes
            ? null
            : new LimitViolation(413, "code_too_large", $"{what} is {bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes, over the limit of {MaxCodeBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes ({Kb(MaxCodeBytes)}, Purser:Assistant:MaxCodeBytes).");

    /// <summary>
    /// Resolves a language name given by a caller (or detected) and checks it against the allow-list. A null or empty
    /// <paramref name="name"/> is allowed only when every language is (the model infers it).
    /// </summary>
    public LimitViolation? CheckLanguage(string? name, out Language? language)
    {
        language = null;
        if (string.IsNullOrWhiteSpace(name))
        {
            return _allowed is null
                ? null
                : new LimitViolation(400, "language_not_allowed", $"The language could not be determined, and only these languages are allowed (Purser:Assistant:AllowedLanguages): {AllowedList()}. Name it with 'language'.");
        }

        language = LanguageDetector.Find(name);
        if (language is null)
        {
            return new LimitViolation(400, "unknown_language", $"Language '{name}' is not one Purser recognises. Known languages: {string.Join(", ", LanguageDetector.All.Select(l => l.Id))}.");
        }

        if (_allowed is not null && !_allowed.Contains(language.Id))
        {
            return new LimitViolation(400, "language_not_allowed", $"Language '{language.Name}' is not allowed for analysis here (Purser:Assistant:AllowedLanguages): {AllowedList()}.");
        }

        return null;
    }

    /// <summary>Whether files of <paramref name="language"/> may be analysed (unknown languages only when every language is allowed).</summary>
    public bool IsAllowed(Language? language) => _allowed is null || (language is not null && _allowed.Contains(language.Id));

    internal static string Kb(long bytes) => bytes < 1024
        ? bytes.ToString(CultureInfo.InvariantCulture) + " bytes"
        : (bytes / 1024.0).ToString(bytes < 10 * 1024 ? "0.#" : "0", CultureInfo.InvariantCulture) + " KB";

    private string AllowedList() => string.Join(", ", _allowed!.Order(StringComparer.Ordinal));
}
