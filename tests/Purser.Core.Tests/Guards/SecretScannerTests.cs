using System.Globalization;
using System.Text;
using Purser.Guards;
using Xunit.Abstractions;

namespace Purser.Core.Tests.Guards;

public sealed class SecretScannerTests(ITestOutputHelper output)
{
    private static readonly IReadOnlyList<CorpusCase> Secrets = SecretCorpus.Load("secrets.txt");
    private static readonly IReadOnlyList<CorpusCase> Lookalikes = SecretCorpus.Load("lookalikes.txt");

    [Fact]
    public void Scan_LabelledCorpus_MeetsPrecisionAndRecallThresholds()
    {
        CorpusScore score = Evaluate(Secrets.Concat(Lookalikes));
        output.WriteLine(score.Report());

        score.Precision.ShouldBeGreaterThanOrEqualTo(0.95, score.Report());
        score.Recall.ShouldBeGreaterThanOrEqualTo(0.95, score.Report());
    }

    [Fact]
    public void Scan_LabelledCorpus_FindsEveryTypedSecret()
    {
        CorpusScore score = Evaluate(Secrets);
        var missed = score.Misses.Where(m => m.Kind.IsTyped()).Select(m => $"{m.Case}: missed {m.Kind.ToId()}").ToList();

        missed.ShouldBeEmpty(score.Report());
    }

    [Fact]
    public void Scan_LabelledCorpus_CoversEveryKind()
    {
        var labelled = Secrets.SelectMany(c => c.Expected).ToHashSet();

        labelled.ShouldBe(SecretKinds.All, ignoreOrder: true);
        Lookalikes.Count.ShouldBeGreaterThanOrEqualTo(30);
    }

    [Fact]
    public void Scan_Lookalikes_ReportNoTypedKinds()
    {
        var typed = Lookalikes
            .SelectMany(c => SecretScanner.Default.Scan(c.Text).Where(f => f.Kind.IsTyped()).Select(f => $"{c}: {f}"))
            .ToList();

        typed.ShouldBeEmpty();
    }

    [Fact]
    public void Scan_JsonEscapedLines_FindsEachAssignmentValueAlone()
    {
        // Tool-call arguments are JSON text: the lines of a pasted .env arrive joined by the two characters \n.
        string password = "Tr0ub4dor&" + "730x";
        string apiKey = "iUER5o50hjyOBNxT" + "PYHdSeshTUTbumgO";
        string text = "{\"path\":\"curl -H \\\"Authorization: x\\\" https://api.example.test/v1/me\\nDB_PASSWORD=" + password +
            "\\nAPI_KEY=" + apiKey + "\\nDATABASE_URL=postgres://app:" + "G9so0MkYkWsU65EWfKxL" + "@db.internal:5432/purser\"}";

        IReadOnlyList<SecretFinding> findings = SecretScanner.Default.Scan(text);

        findings.Select(f => (f.Kind, text.Substring(f.Start, f.Length))).ShouldBe(
            [(SecretKind.PasswordAssignment, password), (SecretKind.SecretAssignment, apiKey), (SecretKind.ConnectionString, "G9so0MkYkWsU65EWfKxL")],
            ignoreOrder: true);
    }

    [Fact]
    public void Redact_EverySecretInCorpus_LeavesPlaceholdersAndNoFragment()
    {
        foreach (CorpusCase c in Secrets)
        {
            string redacted = SecretScanner.Default.Redact(c.Text, out IReadOnlyList<SecretFinding> findings);

            findings.ShouldNotBeEmpty(c.ToString());
            foreach (SecretFinding f in findings)
            {
                redacted.ShouldContain(SecretScanner.Placeholder(f.Kind), Case.Sensitive, c.ToString());
                string secret = c.Text.Substring(f.Start, f.Length);
                // No 12-character piece of the secret survives.
                for (int i = 0; i + 12 <= secret.Length; i += 4)
                {
                    redacted.ShouldNotContain(secret.Substring(i, 12), Case.Sensitive, c.ToString());
                }
            }

            SecretScanner.Default.Scan(redacted).ShouldBeEmpty(c.ToString());
        }
    }

    [Fact]
    public void Redact_KeyInAssignment_KeepsTheNameAndReplacesTheValue()
    {
        string key = "sk-proj-" + Random(new Random(1), 64);

        string redacted = SecretScanner.Default.Redact($"OPENAI_API_KEY={key}\nMODEL=gpt-4o", out var findings);

        redacted.ShouldBe("OPENAI_API_KEY=[REDACTED:openai_api_key]\nMODEL=gpt-4o");
        findings.Single().Kind.ShouldBe(SecretKind.OpenAIApiKey);
    }

    [Fact]
    public void Redact_ConnectionString_ReplacesOnlyThePassword()
    {
        string password = Random(new Random(2), 20);

        string redacted = SecretScanner.Default.Redact($"postgres://app:{password}@db:5432/purser", out _);

        redacted.ShouldBe("postgres://app:[REDACTED:connection_string]@db:5432/purser");
    }

    [Fact]
    public void Redact_QueryParameter_StopsAtTheNextParameter()
    {
        string password = Random(new Random(10), 14);

        string redacted = SecretScanner.Default.Redact($"jdbc:mysql://db:3306/app?password={password}&user=app&ssl=true", out _);

        redacted.ShouldBe("jdbc:mysql://db:3306/app?password=[REDACTED:password_assignment]&user=app&ssl=true");
    }

    [Fact]
    public void Scan_Finding_ReportsOneBasedLineAndColumn()
    {
        string text = "line one\nline two\n  token: " + "ghp_" + Random(new Random(3), 36) + "\n";

        SecretFinding finding = SecretScanner.Default.Scan(text).Single();

        finding.Kind.ShouldBe(SecretKind.GitHubToken);
        finding.Line.ShouldBe(3);
        finding.Column.ShouldBe(10);
        text.Substring(finding.Start, finding.Length).ShouldStartWith("ghp_");
    }

    [Fact]
    public void Scan_FindingText_NeverContainsTheSecret()
    {
        foreach (CorpusCase c in Secrets)
        {
            foreach (SecretFinding f in SecretScanner.Default.Scan(c.Text))
            {
                string secret = c.Text.Substring(f.Start, f.Length);
                string described = f.ToString() + (f with { Path = "messages[0].content" }).ToString();

                described.ShouldNotContain(secret.Length > 8 ? secret[..8] : secret, Case.Sensitive, c.ToString());
                described.ShouldStartWith(f.KindId);
            }
        }
    }

    [Fact]
    public void Scan_TypedKeyInsideAssignment_ReportsOnlyTheTypedKind()
    {
        string text = "ANTHROPIC_API_KEY=\"sk-ant-api03-" + Random(new Random(4), 93) + "AA\"";

        SecretScanner.Default.Scan(text).Select(f => f.Kind).ShouldBe([SecretKind.AnthropicApiKey]);
    }

    [Fact]
    public void Scan_DisabledDetector_IsNotReported()
    {
        var scanner = new SecretScanner(SecretKinds.All.Where(k => k != SecretKind.HighEntropy));
        string text = "the value is " + Random(new Random(5), 40);

        SecretScanner.Default.Scan(text).Select(f => f.Kind).ShouldBe([SecretKind.HighEntropy]);
        scanner.Scan(text).ShouldBeEmpty();
    }

    [Fact]
    public void Scan_AllowPattern_DropsMatchingFinding()
    {
        string allowed = "sk_test_" + Random(new Random(6), 24);
        string other = "sk_live_" + Random(new Random(7), 24);
        var scanner = new SecretScanner(null, allowPatterns: ["^sk_test_"]);

        scanner.Scan($"{allowed} {other}").Select(f => f.Start).ShouldBe([allowed.Length + 1]);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(32)]
    public void Scan_EntropyMinLength_IgnoresShorterTokens(int minLength)
    {
        string token = Random(new Random(8), 28);
        var scanner = new SecretScanner(null, entropyMinLength: minLength);

        scanner.Scan($"value {token} end").Count.ShouldBe(minLength <= 28 ? 1 : 0);
    }

    [Theory]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32, 0.98)]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 32, 0.97)]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 40, 0.99)]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 24, 0.95)]
    public void Scan_RandomTokens_HighEntropyRecall(string alphabet, int length, double minimum)
    {
        var random = new Random(length);
        int found = 0;
        const int Count = 1000;
        for (int i = 0; i < Count; i++)
        {
            string token = new(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            found += SecretScanner.Default.Scan($"the value is {token} for now").Count;
        }

        (found / (double)Count).ShouldBeGreaterThanOrEqualTo(minimum);
    }

    [Theory]
    [InlineData("TryExportEncryptedPkcs8PrivateKey ConvertToVector128SByteWithSaturation GatherVectorUInt32WithByteOffsetsZeroExtend")]
    [InlineData("X509AuthorityKeyIdentifierExtension RSAPKCS1KeyExchangeFormatter Http2ErrorWindowUpdateSizeInvalid")]
    [InlineData("https://docs.google.com/document/d/1rda3yKGHimKIhg5YeoAmCOtyURgsbTH_qaYR79FELlk/edit")]
    [InlineData("toc-PBKDF2_002dHMAC_002dSHA256 index-SHA256_005fDIGEST_005fSIZE _ZN4node9inspector5Agent5StartERKSsRKNS_12DebugOptionsE")]
    [InlineData("integrity=\"sha384-SggXRQHwCG8g+DktYYzxkXRIkTiEYWBHqev0xnpCxYlqMBufKZHAHQM3/boDaI/0\"")]
    public void Scan_IdentifiersUrlsAndDigests_AreNotHighEntropy(string text)
    {
        SecretScanner.Default.Scan(text).ShouldBeEmpty();
    }

    [Fact]
    public void Scan_JwtWithoutAlgHeader_IsNotAJwt()
    {
        static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        string signature = Random(new Random(9), 43);
        string real = B64("{\"alg\":\"RS256\"}") + "." + B64("{\"sub\":\"1\"}") + "." + signature;
        string fake = B64("{\"typ\":\"x\"}") + "." + B64("{\"sub\":\"1\"}") + "." + signature;

        new SecretScanner([SecretKind.Jwt]).Scan(real).Count.ShouldBe(1);
        new SecretScanner([SecretKind.Jwt]).Scan(fake).ShouldBeEmpty();
    }

    [Fact]
    public void Scan_OrdinaryText_FindsNothing()
    {
        string prose = string.Concat(Enumerable.Repeat(
            "The gateway routes each request to the cheapest deployment that meets the caller's budget. " +
            "Set Purser:Guard:Secrets:Mode to Block to refuse prompts that carry credentials.\n", 200));

        SecretScanner.Default.Scan(prose).ShouldBeEmpty();
    }

    [Fact]
    public void Scan_ThisRepositorySource_StaysUnderOneFindingPerHundredKilobytes()
    {
        string root = RepositoryRoot();
        long chars = 0;
        var findings = new List<string>();
        foreach (string file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            string text = File.ReadAllText(file);
            chars += text.Length;
            findings.AddRange(SecretScanner.Default.Scan(text).Select(f => $"{Path.GetFileName(file)}: {f}"));
        }

        output.WriteLine($"{chars} characters of src, {findings.Count} findings");
        chars.ShouldBeGreaterThan(10_000);
        (findings.Count / (chars / 100_000.0)).ShouldBeLessThanOrEqualTo(1.0, string.Join("\n", findings));
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Purser.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Purser.slnx not found above the test output directory.");
    }

    private static string Random(Random random, int length)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = Alphabet[random.Next(Alphabet.Length)];
        }

        return new string(chars);
    }

    private static CorpusScore Evaluate(IEnumerable<CorpusCase> cases)
    {
        var score = new CorpusScore();
        foreach (CorpusCase c in cases)
        {
            var found = SecretScanner.Default.Scan(c.Text).Select(f => f.Kind).ToList();
            var expected = c.Expected.ToList();
            foreach (SecretKind kind in found)
            {
                if (expected.Remove(kind))
                {
                    score.Add(kind, truePositive: true);
                }
                else
                {
                    score.Add(kind, truePositive: false);
                    score.FalseAlarms.Add((c, kind));
                }
            }

            foreach (SecretKind kind in expected)
            {
                score.Misses.Add((c, kind));
            }
        }

        return score;
    }

    private sealed class CorpusScore
    {
        private readonly Dictionary<SecretKind, (int Tp, int Fp)> _byKind = [];

        public List<(CorpusCase Case, SecretKind Kind)> FalseAlarms { get; } = [];

        public List<(CorpusCase Case, SecretKind Kind)> Misses { get; } = [];

        public int TruePositives => _byKind.Values.Sum(v => v.Tp);

        public double Precision => TruePositives / (double)Math.Max(1, TruePositives + FalseAlarms.Count);

        public double Recall => TruePositives / (double)Math.Max(1, TruePositives + Misses.Count);

        public void Add(SecretKind kind, bool truePositive)
        {
            (int tp, int fp) = _byKind.GetValueOrDefault(kind);
            _byKind[kind] = truePositive ? (tp + 1, fp) : (tp, fp + 1);
        }

        public string Report()
        {
            var sb = new StringBuilder();
            sb.AppendLine(CultureInfo.InvariantCulture, $"precision {Precision:P1}, recall {Recall:P1} ({TruePositives} found, {FalseAlarms.Count} false alarms, {Misses.Count} missed)");
            foreach (SecretKind kind in SecretKinds.All)
            {
                (int tp, int fp) = _byKind.GetValueOrDefault(kind);
                int fn = Misses.Count(m => m.Kind == kind);
                sb.AppendLine(CultureInfo.InvariantCulture, $"  {kind.ToId(),-22} found {tp,3}  false {fp,2}  missed {fn,2}");
            }

            foreach ((CorpusCase c, SecretKind kind) in FalseAlarms)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  false alarm {kind.ToId()} in {c}");
            }

            foreach ((CorpusCase c, SecretKind kind) in Misses)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  missed {kind.ToId()} in {c}");
            }

            return sb.ToString();
        }
    }
}
