using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Purser.Guards;
using Xunit.Abstractions;

namespace Purser.Core.Tests.Guards;

/// <summary>
/// Recall and false positives per kind on the labelled corpus: every shape of every kind, under every evasion, in
/// every place (<see cref="SecretEvasionCorpus"/>, <see cref="SecretCorpusPlaces"/>), against ordinary code and text
/// (corpus/ordinary.txt and corpus/lookalikes.txt, each placed in a request, and conversations made of them). The
/// figures are in docs/SECRET-GUARD.md; this test prints the table.
/// </summary>
public sealed partial class SecretCorpusAccuracyTests(ITestOutputHelper output)
{
    private const int SeedsPerOrdinarySnippet = 3;
    private const int Conversations = 60;

    private static readonly Lazy<Report> Result = new(Evaluate);

    [Fact]
    public void Corpus_RecallPerKind_IsAtLeast99PercentAndNothingLeaks()
    {
        Report report = Result.Value;
        output.WriteLine(report.Render());

        report.Leaks.ShouldBeEmpty(string.Join("\n", report.Leaks.Take(20)));
        foreach (SecretKind kind in SecretKinds.All)
        {
            (int planted, int found) = report.Recall[kind];
            planted.ShouldBeGreaterThanOrEqualTo(20, kind.ToId());
            (found / (double)planted).ShouldBeGreaterThanOrEqualTo(0.99, $"{kind.ToId()}: {found} of {planted}\n{string.Join("\n", report.Misses.Where(m => m.StartsWith(kind.ToId() + " ", StringComparison.Ordinal)).Take(20))}");
        }
    }

    [Fact]
    public void Corpus_FalsePositivesPerKind_AreAtMostOnePercent()
    {
        Report report = Result.Value;
        output.WriteLine(report.Render());

        report.Negatives.ShouldBeGreaterThanOrEqualTo(300);
        (report.FalsePositives.Count / (double)report.Negatives).ShouldBeLessThanOrEqualTo(0.01, string.Join("\n", report.FalsePositives));
        foreach (SecretKind kind in SecretKinds.All)
        {
            (report.FalsePositivesByKind.GetValueOrDefault(kind) / (double)report.Negatives).ShouldBeLessThanOrEqualTo(0.01, kind.ToId());
        }
    }

    [Fact]
    public void Corpus_CoversEveryKindEvasionAndPlace()
    {
        Report report = Result.Value;

        report.Positives.ShouldBeGreaterThanOrEqualTo(300);
        report.Recall.Keys.ShouldBe(SecretKinds.All, ignoreOrder: true);
        report.ByEvasion.Keys.ShouldBe(SecretEvasionCorpus.Evasions, ignoreOrder: true);
        report.ByPlace.Keys.ShouldBe(SecretCorpusPlaces.All.Select(p => p.Name), ignoreOrder: true);
    }

    private static Report Evaluate()
    {
        var report = new Report();
        EvaluateSecrets(report);
        EvaluateOrdinary(report);
        return report;
    }

    private static void EvaluateSecrets(Report report)
    {
        int caseNumber = 0;
        foreach (SecretEvasionCorpus.Shape[] shapes in SecretEvasionCorpus.Shapes.GroupBy(s => s.Kind).Select(g => g.ToArray()))
        {
            int rotation = 0;
            foreach (string evasion in SecretEvasionCorpus.Evasions)
            {
                foreach (SecretCorpusPlaces.Place place in SecretCorpusPlaces.All)
                {
                    bool split = evasion.StartsWith("split", StringComparison.Ordinal);
                    if ((split && !place.Sequence) || (place.Url && evasion is "hex" or "base64" || place.Url && split))
                    {
                        continue;
                    }

                    // The shapes of a kind take turns; a URL place takes the next shape that goes in a URL.
                    var random = new Random(1_000_003 * ++caseNumber);
                    SecretEvasionCorpus.Sample? sample = null;
                    for (int k = 0; k < shapes.Length && sample is null; k++)
                    {
                        SecretEvasionCorpus.Sample candidate = shapes[(rotation + k) % shapes.Length].Build(random);
                        sample = !place.Url || candidate.Url is not null ? candidate : null;
                    }

                    rotation++;
                    if (sample is null)
                    {
                        continue; // no shape of this kind goes in a URL (private keys, AWS secrets)
                    }

                    SecretEvasionCorpus.Evaded evaded = SecretEvasionCorpus.Evade(sample, evasion, random);
                    IReadOnlyList<string> pieces = place.Url ? [evaded.Url!] : evaded.Pieces;
                    SecretCorpusPlaces.Outcome outcome = SecretCorpusPlaces.Guard(place, pieces);
                    report.Score(sample, evasion, place.Name, outcome);
                    report.CheckLeaks(sample, evaded, evasion, place.Name, outcome.Sent);
                }
            }
        }
    }

    private static void EvaluateOrdinary(Report report)
    {
        var snippets = new List<(string Name, string Text)>();
        foreach (string file in new[] { "ordinary.txt", "lookalikes.txt" })
        {
            foreach (CorpusCase c in SecretCorpus.Load(file).Where(c => c.Expected.Count == 0))
            {
                for (int seed = 0; seed < SeedsPerOrdinarySnippet; seed++)
                {
                    string text = seed == 0 ? c.Text : SecretCorpus.Load(file, seed)[c.Number - 1].Text;
                    snippets.Add(($"{file} #{c.Number} {c.Description} (seed {seed})", text));
                }
            }
        }

        // Each snippet in one place (taking turns), as one piece.
        SecretCorpusPlaces.Place[] places = [.. SecretCorpusPlaces.All.Where(p => !p.Url)];
        for (int i = 0; i < snippets.Count; i++)
        {
            SecretCorpusPlaces.Place place = places[i % places.Length];
            report.ScoreOrdinary($"{snippets[i].Name} in {place.Name}", SecretCorpusPlaces.Guard(place, [snippets[i].Text]));
        }

        // Conversations: three to six snippets as consecutive messages, parts or blocks, so the seams between
        // ordinary messages are scanned too.
        var random = new Random(20261122);
        SecretCorpusPlaces.Place[] sequences = [.. SecretCorpusPlaces.All.Where(p => p.Sequence)];
        for (int i = 0; i < Conversations; i++)
        {
            var turns = Enumerable.Range(0, random.Next(3, 7)).Select(_ => snippets[random.Next(snippets.Count)]).ToList();
            SecretCorpusPlaces.Place place = sequences[i % sequences.Length];
            report.ScoreOrdinary($"conversation {i} of {string.Join(" + ", turns.Select(t => t.Name))} in {place.Name}",
                SecretCorpusPlaces.Guard(place, [.. turns.Select(t => t.Text)]));
        }

        // Ordinary image URLs.
        string[] urls =
        [
            "https://images.unsplash.com/photo-1500530855697-b586d89ba3ee?w=800&q=80",
            "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg",
            "https://avatars.githubusercontent.com/u/583231?v=4",
            "https://upload.wikimedia.org/wikipedia/commons/thumb/a/a9/Example.jpg/320px-Example.jpg",
            "https://cdn.acme-assets.net/img/2025/04/7f3c2a9e-4b1d-4c8e-9a0f-2d6b8e1c5a73.png",
        ];
        foreach (SecretCorpusPlaces.Place place in SecretCorpusPlaces.All.Where(p => p.Url))
        {
            foreach (string url in urls)
            {
                report.ScoreOrdinary($"{url} in {place.Name}", SecretCorpusPlaces.Guard(place, [url]));
            }
        }
    }

    private sealed partial class Report
    {
        public Dictionary<SecretKind, (int Planted, int Found)> Recall { get; } = [];

        public Dictionary<string, (int Planted, int Found)> ByEvasion { get; } = [];

        public Dictionary<string, (int Planted, int Found)> ByPlace { get; } = [];

        public List<string> Misses { get; } = [];

        public List<string> ExtraFindings { get; } = [];

        public List<string> Leaks { get; } = [];

        public int Positives { get; private set; }

        public int Negatives { get; private set; }

        public List<string> FalsePositives { get; } = [];

        public Dictionary<SecretKind, int> FalsePositivesByKind { get; } = [];

        public void Score(SecretEvasionCorpus.Sample sample, string evasion, string place, SecretCorpusPlaces.Outcome outcome)
        {
            Positives++;
            var found = outcome.Findings.Select(f => f.Kind).ToList();
            foreach (SecretKind kind in sample.Kinds)
            {
                bool hit = found.Remove(kind);
                Add(Recall, kind, hit);
                Add(ByEvasion, evasion, hit);
                Add(ByPlace, place, hit);
                if (!hit)
                {
                    Misses.Add($"{kind.ToId()} missed under {evasion} in {place}: found [{string.Join(", ", outcome.Findings.Select(f => f.KindId))}]");
                }
            }

            ExtraFindings.AddRange(found.Select(k => $"{k.ToId()} besides [{string.Join(", ", sample.Kinds.Select(x => x.ToId()))}] under {evasion} in {place}"));
        }

        // Nothing of a secret (no 12 consecutive characters, in the form the evasion left it) is in what is sent.
        public void CheckLeaks(SecretEvasionCorpus.Sample sample, SecretEvasionCorpus.Evaded evaded, string evasion, string place, string sent)
        {
            string visible = SecretEvasionCorpus.Visible(sent);
            string hex = HexNoise().Replace(visible, "").ToLowerInvariant();
            string decoded = evaded.Base64 ? DecodeBase64Runs(visible) : "";
            foreach (string secret in sample.Secrets.Where(s => s.Length >= 8))
            {
                int n = Math.Min(12, secret.Length);
                for (int i = 0; i + n <= secret.Length; i++)
                {
                    string gram = secret.Substring(i, n);
                    bool leaked = visible.Contains(gram, StringComparison.Ordinal)
                        || (evaded.HexSecrets && hex.Contains(Convert.ToHexString(Encoding.UTF8.GetBytes(gram)).ToLowerInvariant(), StringComparison.Ordinal))
                        || decoded.Contains(gram, StringComparison.Ordinal);
                    if (leaked)
                    {
                        Leaks.Add($"{string.Join(",", sample.Kinds.Select(k => k.ToId()))} under {evasion} in {place}: '{gram[..4]}…' survived");
                        return;
                    }
                }
            }
        }

        public void ScoreOrdinary(string name, SecretCorpusPlaces.Outcome outcome)
        {
            Negatives++;
            if (outcome.Findings.Count == 0)
            {
                return;
            }

            FalsePositives.Add($"{name}: {string.Join(", ", outcome.Findings)}");
            foreach (SecretKind kind in outcome.Findings.Select(f => f.Kind).Distinct())
            {
                FalsePositivesByKind[kind] = FalsePositivesByKind.GetValueOrDefault(kind) + 1;
            }
        }

        public string Render()
        {
            var sb = new StringBuilder();
            int planted = Recall.Values.Sum(v => v.Planted), found = Recall.Values.Sum(v => v.Found);
            sb.AppendLine(CultureInfo.InvariantCulture, $"{Positives} secret cases ({planted} secrets), {Negatives} ordinary cases; recall {Percent(found, planted)}, ordinary cases with a finding {FalsePositives.Count} ({Percent(FalsePositives.Count, Negatives)}), leaks {Leaks.Count}, extra findings in secret cases {ExtraFindings.Count}");
            sb.AppendLine();
            sb.AppendLine("| kind | secrets | found | recall | ordinary cases flagged | false-positive rate |");
            sb.AppendLine("|---|---:|---:|---:|---:|---:|");
            foreach (SecretKind kind in SecretKinds.All)
            {
                (int p, int f) = Recall.GetValueOrDefault(kind);
                int fp = FalsePositivesByKind.GetValueOrDefault(kind);
                sb.AppendLine(CultureInfo.InvariantCulture, $"| `{kind.ToId()}` | {p} | {f} | {Percent(f, p)} | {fp} | {Percent(fp, Negatives)} |");
            }

            sb.AppendLine();
            sb.AppendLine("| evasion | secrets | recall |");
            sb.AppendLine("|---|---:|---:|");
            foreach (string evasion in SecretEvasionCorpus.Evasions)
            {
                (int p, int f) = ByEvasion.GetValueOrDefault(evasion);
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {evasion} | {p} | {Percent(f, p)} |");
            }

            sb.AppendLine();
            sb.AppendLine("| place | secrets | recall |");
            sb.AppendLine("|---|---:|---:|");
            foreach (SecretCorpusPlaces.Place place in SecretCorpusPlaces.All)
            {
                (int p, int f) = ByPlace.GetValueOrDefault(place.Name);
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {place.Name} | {p} | {Percent(f, p)} |");
            }

            foreach (string line in Misses.Concat(FalsePositives.Select(f => "false positive: " + f)).Concat(ExtraFindings.Select(e => "extra: " + e)).Concat(Leaks.Select(l => "leak: " + l)))
            {
                sb.AppendLine(line);
            }

            return sb.ToString();
        }

        private static void Add<TKey>(Dictionary<TKey, (int Planted, int Found)> counts, TKey key, bool hit)
            where TKey : notnull
        {
            (int p, int f) = counts.GetValueOrDefault(key);
            counts[key] = (p + 1, f + (hit ? 1 : 0));
        }

        private static string Percent(int part, int whole) =>
            whole == 0 ? "-" : (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture) + " %";

        // The text of every base64 run in the sent text that decodes (a redaction leaves whole 4-character groups).
        private static string DecodeBase64Runs(string text)
        {
            var sb = new StringBuilder();
            foreach (Match m in Base64Run().Matches(text))
            {
                string run = m.Value.TrimEnd('=');
                run = run[..(run.Length / 4 * 4)];
                try
                {
                    sb.Append(Encoding.UTF8.GetString(Convert.FromBase64String(run))).Append('\n');
                }
                catch (FormatException)
                {
                }
            }

            return sb.ToString();
        }

        [GeneratedRegex(@"\\x|0x|[\s,\[\]]")]
        private static partial Regex HexNoise();

        [GeneratedRegex("[A-Za-z0-9+/]{8,}=*")]
        private static partial Regex Base64Run();
    }
}
