using System.Text;
using System.Text.RegularExpressions;
using Purser.Guards;

namespace Purser.Core.Tests.Guards;

/// <summary>
/// The labelled corpus under <c>Guards/corpus</c>. Each case starts with a header line
/// <c>=== kind[, kind...] | description</c> (<c>none</c> for a look-alike) followed by its text. Secrets are
/// written as templates such as <c>ghp_{{an:36}}</c> and generated at run time from a seeded random source,
/// so the repository never holds anything that looks like a live credential (and push protection stays quiet),
/// while every run sees the same values.
/// </summary>
internal static partial class SecretCorpus
{
    public static IReadOnlyList<CorpusCase> Load(string fileName)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Guards", "corpus", fileName);
        var cases = new List<CorpusCase>();
        string? header = null;
        var body = new StringBuilder();
        foreach (string line in File.ReadLines(path))
        {
            if (line.StartsWith("=== ", StringComparison.Ordinal))
            {
                Flush();
                header = line[4..];
                body.Clear();
            }
            else if (header is not null)
            {
                body.Append(line).Append('\n');
            }
        }

        Flush();
        return cases;

        void Flush()
        {
            if (header is null)
            {
                return;
            }

            string[] parts = header.Split('|', 2, StringSplitOptions.TrimEntries);
            SecretKind[] expected = parts[0] == "none"
                ? []
                : parts[0].Split(',', StringSplitOptions.TrimEntries).Select(ParseKind).ToArray();
            var random = new Random(StableSeed(fileName, cases.Count));
            string text = Expand(body.ToString().TrimEnd('\n'), random);
            cases.Add(new CorpusCase(fileName, cases.Count + 1, parts.Length > 1 ? parts[1] : "", expected, text));
        }
    }

    /// <summary>Expands <c>{{an:N}}</c> and the other generators described in corpus/README.md.</summary>
    public static string Expand(string template, Random random)
    {
        // Innermost first, so {{b64text:user:{{an:12}}}} works.
        string text = template;
        while (true)
        {
            string next = Generator().Replace(text, m => Generate(m.Groups["name"].Value, m.Groups["arg"].Value, random), 1);
            if (next == text)
            {
                return text;
            }

            text = next;
        }
    }

    private static string Generate(string name, string arg, Random random)
    {
        const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        const string Lower = "abcdefghijklmnopqrstuvwxyz";
        const string Digits = "0123456789";
        int n = int.TryParse(arg, out int parsed) ? parsed : 0;
        return name switch
        {
            "an" => Pick(Upper + Lower + Digits, n, random),
            "b64" => Pick(Upper + Lower + Digits + "+/", n, random),
            "url" => Pick(Upper + Lower + Digits + "-_", n, random),
            "hex" => Pick(Digits + "abcdef", n, random),
            "up" => Pick(Upper + Digits, n, random),
            "low" => Pick(Lower + Digits, n, random),
            "num" => Pick(Digits, n, random),
            "uuid" => new Guid(Pick(Digits + "abcdef", 32, random)).ToString(),
            "b64text" => Convert.ToBase64String(Encoding.UTF8.GetBytes(arg)),
            "jwt" => Jwt(random),
            "pem" => Pem(arg, random),
            "lit" => arg,
            _ => throw new InvalidOperationException($"Unknown corpus generator '{name}'."),
        };
    }

    private static string Pick(string alphabet, int n, Random random) =>
        string.Create(n, (alphabet, random), static (span, s) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = s.alphabet[s.random.Next(s.alphabet.Length)];
            }
        });

    private static string Jwt(Random random)
    {
        static string B64Url(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        string header = B64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        string payload = B64Url($"{{\"sub\":\"{random.Next(100000, 999999)}\",\"name\":\"Test User\",\"iat\":{random.Next(1_600_000_000, 1_800_000_000)}}}");
        return header + "." + payload + "." + Pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 43, random);
    }

    // A PEM block with a random body: pem:LABEL (e.g. pem:RSA PRIVATE KEY).
    private static string Pem(string label, Random random)
    {
        var sb = new StringBuilder().Append("-----BEGIN ").Append(label).Append("-----\n");
        for (int i = 0; i < 12; i++)
        {
            sb.Append(Pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 64, random)).Append('\n');
        }

        return sb.Append("-----END ").Append(label).Append("-----").ToString();
    }

    private static SecretKind ParseKind(string id) =>
        SecretKinds.TryParse(id, out SecretKind kind) ? kind : throw new InvalidOperationException($"Unknown kind '{id}' in corpus.");

    private static int StableSeed(string file, int index)
    {
        int seed = 17;
        foreach (char c in file)
        {
            seed = unchecked(seed * 31 + c);
        }

        return unchecked(seed * 31 + index);
    }

    [GeneratedRegex(@"\{\{(?<name>[a-z0-9]+)(?::(?<arg>[^{}]*))?\}\}")]
    private static partial Regex Generator();
}

/// <summary>One labelled text of the corpus.</summary>
internal sealed record CorpusCase(string File, int Number, string Description, IReadOnlyList<SecretKind> Expected, string Text)
{
    public override string ToString() => $"{File} #{Number}: {Description}";
}
