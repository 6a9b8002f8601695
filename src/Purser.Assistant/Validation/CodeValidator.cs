using System.Diagnostics;
using Purser.Assistant.Files;
using Purser.Assistant.Languages;
using Purser.Guards;

namespace Purser.Assistant.Validation;

/// <summary>
/// <c>purser validate</c>, <c>POST /api/validate</c> and the validation step of generation: seven deterministic checks
/// (syntax, security, types, documentation, error handling, imports, logging) with no model call, each scored 0-100 and
/// combined into a score that passes at the threshold (<c>Purser:Validation:Threshold</c>, 95).
/// </summary>
internal sealed class CodeValidator
{
    /// <summary>The languages with a validator (others get the secret scan only and "not checked").</summary>
    public static readonly IReadOnlyList<string> Languages = ["csharp", "python", "javascript", "typescript", "json", "yaml", "xml"];

    private readonly SecretScanner _scanner;

    public CodeValidator(ValidationOptions options, SecretGuard? guard = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _scanner = guard?.Resolve().Scanner ?? SecretScanner.Default;
    }

    public ValidationOptions Options { get; }

    /// <summary>Validates one piece of code. <paramref name="project"/> names the C# project a file belongs to (see <see cref="FindProject"/>); null when it stands alone.</summary>
    public ValidationReport Validate(SourceFile file, int? threshold = null, string? project = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        int limit = threshold ?? Options.Threshold;
        var checks = new FileChecks();
        var warnings = new List<string>();
        string language = file.LanguageId;
        string extension = Path.GetExtension(file.DisplayPath).ToLowerInvariant();
        switch (language)
        {
            case "csharp":
                CSharpAnalyzer.Analyze(file.Text, project, _scanner, checks);
                break;
            case "python":
                PythonAnalyzer.Analyze(file.Text, Options, _scanner, checks);
                break;
            case "javascript" or "typescript":
                ScriptAnalyzer.Analyze(file.Text, language == "typescript", Options, _scanner, checks);
                if (extension is ".jsx" or ".tsx")
                {
                    checks.NotChecked(ValidationChecks.Syntax, "JSX needs a JSX-aware parser, which Purser does not run");
                    checks.RemoveFindings(ValidationChecks.Syntax);
                }

                break;
            case "json" or "yaml" or "xml":
                if (extension is ".jsonc" or ".json5")
                {
                    DataAnalyzer.Analyze(file.Text, "other", _scanner, checks);
                    checks.NotChecked(ValidationChecks.Syntax, $"{extension} allows more than JSON; its syntax was not checked");
                    checks.RemoveFindings(ValidationChecks.Syntax);
                }
                else
                {
                    DataAnalyzer.Analyze(file.Text, language, _scanner, checks);
                }

                break;
            default:
                CodePatterns.Secrets(file.Text, _scanner, checks);
                checks.Checked(ValidationChecks.Security, "hard-coded secrets only");
                string name = file.Language?.Name ?? "this file's language";
                foreach (string check in ValidationChecks.Deterministic.Where(c => c != ValidationChecks.Security))
                {
                    checks.NotChecked(check, $"no checker for {name}");
                }

                warnings.Add($"Purser has no validator for {name}: only hard-coded secrets were looked for.");
                break;
        }

        IReadOnlyList<CheckResult> results = checks.Results();
        int? score = ValidationScoring.Overall(results);
        return new ValidationReport
        {
            Path = file.DisplayPath,
            Language = language,
            Lines = file.Lines,
            Score = score,
            Threshold = limit,
            Passed = score >= limit,
            Checks = results,
            Findings = [.. results.SelectMany(c => c.Findings).OrderBy(f => f.Line ?? 0).ThenBy(f => f.Rule, StringComparer.Ordinal)],
            Warnings = warnings,
        };
    }

    /// <summary>Validates code given as text (standard input, an API request, a generated file): it stands alone.</summary>
    public ValidationReport Validate(string path, string text, string? language = null, int? threshold = null)
    {
        Language? named = language is null ? null : LanguageDetector.Find(language);
        return Validate(SourceFile.FromText(path, text, named), threshold);
    }

    /// <summary>Validates a file or every file of a folder (.gitignore honoured) in a language Purser validates.</summary>
    /// <exception cref="FileNotFoundException">The path does not exist.</exception>
    public ValidationRun ValidatePath(string path, string displayRoot, int? threshold = null, string? language = null, CancellationToken cancellationToken = default)
    {
        long started = Stopwatch.GetTimestamp();
        string full = Path.GetFullPath(path);
        var reports = new List<ValidationReport>();
        var skipped = new List<UnvalidatedFile>();
        if (File.Exists(full))
        {
            ValidateFile(full, displayRoot, threshold, language, reports, skipped);
        }
        else if (Directory.Exists(full))
        {
            foreach (WalkedFile walked in FileWalker.Walk(full))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (reports.Count >= Options.MaxFiles)
                {
                    skipped.Add(new UnvalidatedFile(walked.RelativePath, $"over {ValidationOptions.SectionName}:MaxFiles ({Options.MaxFiles})"));
                    continue;
                }

                Language? detected = LanguageDetector.Detect(walked.FullPath, "");
                if (language is null && (detected is null || !Languages.Contains(detected.Id)))
                {
                    continue; // not a language the validator knows: a folder run leaves it out silently
                }

                string display = Path.Combine(displayRoot, walked.RelativePath).Replace('\\', '/');
                ValidateFile(walked.FullPath, display.StartsWith("./", StringComparison.Ordinal) ? display[2..] : display, threshold, language, reports, skipped);
            }
        }
        else
        {
            throw new FileNotFoundException($"No such file or folder: {path}", path);
        }

        return new ValidationRun
        {
            Path = path,
            Threshold = threshold ?? Options.Threshold,
            Files = reports,
            Skipped = skipped,
            ElapsedMs = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1),
        };
    }

    private void ValidateFile(string full, string display, int? threshold, string? language, List<ValidationReport> reports, List<UnvalidatedFile> skipped)
    {
        SourceFile file;
        try
        {
            file = SourceFileReader.Read(full, display, Options.MaxFileBytes);
        }
        catch (IOException ex)
        {
            skipped.Add(new UnvalidatedFile(display, ex.Message));
            return;
        }
        catch (UnauthorizedAccessException ex)
        {
            skipped.Add(new UnvalidatedFile(display, ex.Message));
            return;
        }

        if (file.IsBinary)
        {
            skipped.Add(new UnvalidatedFile(display, "a binary file"));
            return;
        }

        if (file.Text.Length == 0 && file.Bytes > 0)
        {
            skipped.Add(new UnvalidatedFile(display, $"over {ValidationOptions.SectionName}:MaxFileBytes ({Options.MaxFileBytes} bytes)"));
            return;
        }

        if (language is not null && LanguageDetector.Find(language) is { } named)
        {
            file = SourceFile.FromText(display, file.Text, named);
        }

        string? project = file.LanguageId == "csharp" ? FindProject(full) : null;
        reports.Add(Validate(file, threshold, project));
    }

    /// <summary>The C# project file (.csproj) in the file's folder or a folder above it, by name; null when the file stands alone.</summary>
    public static string? FindProject(string fullPath)
    {
        for (DirectoryInfo? folder = new FileInfo(fullPath).Directory; folder is not null; folder = folder.Parent)
        {
            try
            {
                if (folder.EnumerateFiles("*.csproj").FirstOrDefault() is { } project)
                {
                    return project.Name;
                }
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
            catch (IOException)
            {
                return null;
            }
        }

        return null;
    }
}
