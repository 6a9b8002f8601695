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
    /// <summary>The cases of a corpus file; <paramref name="variant"/> &gt; 0 draws other values for the same templates.</summary>
    public static IReadOnlyList<CorpusCase> Load(string fileName, int variant = 0)
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
            var random = new Random(unchecked(StableSeed(fileName, cases.Count) + (variant * 7919)));
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
            "hexof" => Convert.ToHexString(Encoding.UTF8.GetBytes(arg)).ToLowerInvariant(),
            "hexesc" => string.Concat(Encoding.UTF8.GetBytes(arg).Select(b => "\\x" + b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))),
            "crockford" => Pick("0123456789ABCDEFGHJKMNPQRSTVWXYZ", n, random),
            "ksuid" => Ksuid(new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(0, 60 * 24 * 365 * 7)), random),
            "file" => FileOf(arg, random),
            "b64json" => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonObjectOfSize(n, random))),
            "spki" => Spki(arg, random),
            "bcrypt" => "$2b$12$" + Pick("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 53, random),
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

    /// <summary>A KSUID (github.com/segmentio/ksuid): 4 bytes of seconds since 2014-05-13 and 16 random bytes, in 27 base62 digits.</summary>
    public static string Ksuid(DateTimeOffset time, Random random)
    {
        const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        var bytes = new byte[20];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)(time.ToUnixTimeSeconds() - 1_400_000_000));
        random.NextBytes(bytes.AsSpan(4));
        var value = new System.Numerics.BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var digits = new char[27];
        for (int i = 26; i >= 0; i--)
        {
            digits[i] = Base62[(int)(value % 62)];
            value /= 62;
        }

        return new string(digits);
    }

    // file:FORMAT:BYTES: base64 of a file of that format (its signature, then random bytes).
    private static string FileOf(string arg, Random random)
    {
        string[] parts = arg.Split(':');
        byte[] signature = parts[0] switch
        {
            "png" => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52],
            "jpeg" => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01],
            "gif" => "GIF89a"u8.ToArray(),
            "pdf" => "%PDF-1.7\n%"u8.ToArray(),
            "zip" => [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00],
            "gzip" => [0x1F, 0x8B, 0x08, 0x00],
            "woff2" => "wOF2"u8.ToArray(),
            _ => throw new InvalidOperationException($"Unknown file format '{parts[0]}'."),
        };
        var bytes = new byte[int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)];
        random.NextBytes(bytes);
        signature.CopyTo(bytes, 0);
        return Convert.ToBase64String(bytes);
    }

    // A compact JSON object of about `size` bytes: ids, numbers, flags and words, as APIs put in cursors and states.
    private static string JsonObjectOfSize(int size, Random random)
    {
        string[] words = ["alpha", "ledger", "route", "budget", "cache", "docs", "eu-west-1", "admin", "reports", "beta"];
        var sb = new StringBuilder("{\"v\":2");
        string[] keys = ["userId", "page", "offset", "tenant", "sort", "exp", "roles", "region", "ts", "flags"];
        for (int i = 0; sb.Length < size - 12; i++)
        {
            string key = keys[i % keys.Length] + (i >= keys.Length ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
            sb.Append(",\"").Append(key).Append("\":");
            _ = (i % 3) switch
            {
                0 => sb.Append(random.Next(1, 2_000_000_000)),
                1 => sb.Append('"').Append(words[random.Next(words.Length)]).Append('"'),
                _ => sb.Append(random.Next(2) == 0 ? "true" : "false"),
            };
        }

        return sb.Append('}').ToString();
    }

    // spki:p256 / p384 / ed25519: a DER SubjectPublicKeyInfo with a random point, in base64.
    private static string Spki(string curve, Random random)
    {
        (string header, int length) = curve switch
        {
            "p256" => ("3059301306072a8648ce3d020106082a8648ce3d03010703420004", 64),
            "p384" => ("3076301006072a8648ce3d020106052b8104002203620004", 96),
            "ed25519" => ("302a300506032b6570032100", 32),
            _ => throw new InvalidOperationException($"Unknown curve '{curve}'."),
        };
        byte[] prefix = Convert.FromHexString(header);
        var bytes = new byte[prefix.Length + length];
        prefix.CopyTo(bytes, 0);
        random.NextBytes(bytes.AsSpan(prefix.Length));
        return Convert.ToBase64String(bytes);
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
