using Purser.Assistant.Files;
using Purser.Assistant.Validation;

namespace Purser.Assistant.Tests.Validation;

/// <summary>
/// The validator against a corpus of C#, Python, JavaScript, TypeScript, JSON, YAML and XML files, good and bad, each with
/// the findings expected by hand in <c>&lt;file&gt;.expected</c> (rule and line). Python and JavaScript syntax need python3
/// and node, which scripts/test.sh installs.
/// </summary>
public sealed class ValidatorCorpusTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Validation", "Corpus");

    // A generous bound for python3 and node: these machines are shared and a loaded one starts processes slowly.
    private static readonly CodeValidator Validator = new(new ValidationOptions { CheckerTimeout = TimeSpan.FromMinutes(2) });

    // Each file is validated once for both theories (a Python or JavaScript file starts python3 or node).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<ValidationReport>> Reports = new(StringComparer.Ordinal);

    public static TheoryData<string> Files() => new(Names());

    private static ValidationReport Report(string name) =>
        Reports.GetOrAdd(name, n => new Lazy<ValidationReport>(() => Validator.Validate(SourceFileReader.Read(Path.Combine(Folder, n), n)))).Value;

    private static string[] Names() =>
        [.. Directory.EnumerateFiles(Folder).Where(f => !f.EndsWith(".expected", StringComparison.Ordinal)).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Fact]
    public void Corpus_HasAtLeastSixtyFilesInEveryLanguage()
    {
        string[] names = Names();

        names.Length.ShouldBeGreaterThanOrEqualTo(60);
        foreach (string prefix in new[] { "cs_", "py_", "js_", "ts_", "json_", "yaml_", "xml_" })
        {
            names.ShouldContain(n => n.StartsWith(prefix, StringComparison.Ordinal));
        }

        names.ShouldAllBe(n => File.Exists(Path.Combine(Folder, n + ".expected")));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Validate_CorpusFile_FindsExactlyTheExpectedFindings(string name)
    {
        ValidationReport report = Report(name);

        string[] expected = [.. File.ReadAllLines(Path.Combine(Folder, name + ".expected"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Trim())
            .Order(StringComparer.Ordinal)];
        string[] actual = [.. report.Findings.Select(f => $"{f.Rule} {f.Line}").Order(StringComparer.Ordinal)];
        actual.ShouldBe(expected, $"{name}:\n{string.Join("\n", report.Findings.Select(f => $"  {f.Rule} {f.Line} {f.Message}"))}");
        report.Checks.Single(c => c.Name == ValidationChecks.Security).Status.ShouldBe(CheckStatus.Checked);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Validate_CorpusFile_ScoresByItsFindings(string name)
    {
        ValidationReport report = Report(name);

        bool blocking = report.Findings.Any(f => f.Severity == "error" && f.Check is ValidationChecks.Syntax or ValidationChecks.Security);
        report.Score.ShouldNotBeNull();
        if (report.Findings.Count == 0)
        {
            report.Score.ShouldBe(100);
            report.Passed.ShouldBeTrue();
        }
        else if (blocking)
        {
            report.Score!.Value.ShouldBeLessThanOrEqualTo(ValidationScoring.BlockingCap);
            report.Passed.ShouldBeFalse();
        }
        else
        {
            // Every check with a finding lost points (the overall score may still round to 100 for a note).
            report.Checks.Where(c => c.Findings.Count > 0).ShouldAllBe(c => c.Score < 100);
            report.Score!.Value.ShouldBeLessThanOrEqualTo(100);
        }
    }
}
