using System.Globalization;
using System.Text;
using Purser.Guards;

namespace Purser.Core.Tests.Guards;

/// <summary>
/// The generated half of the labelled corpus: fake secrets of every kind the scanner knows, each in the context it
/// turns up in (env files, code, JSON, YAML, curl commands, logs, prose), disguised by every evasion (zero-width and
/// format characters, look-alike letters, fullwidth and mathematical forms, combining marks, hex, base64, pieces of
/// at most 20 characters across messages), for every place a request carries text. Every value comes from a
/// seeded random source: the same corpus on every run, and nothing a provider would accept.
/// </summary>
internal static class SecretEvasionCorpus
{
    /// <summary>The evasions, in the order the accuracy report lists them.</summary>
    public static readonly string[] Evasions =
        ["none", "zero-width", "invisible-after-prefix", "look-alike", "fullwidth", "math-letters", "combining-marks", "hex", "base64", "split", "split+zero-width+look-alike"];

    // Invisible characters an attacker can put inside a token: zero-width space, non-joiner, joiner, word joiner,
    // byte-order mark, soft hyphen, Mongolian vowel separator, invisible times, left-to-right mark, a tag character.
    private static readonly string[] Invisibles = ["\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD", "\u180E", "\u2062", "\u200E", "\U000E0041"];

    // Latin letters and their Cyrillic or Greek look-alikes.
    private static readonly Dictionary<char, char[]> LookAlikes = new()
    {
        ['A'] = ['\u0410', '\u0391'], ['B'] = ['\u0412', '\u0392'], ['C'] = ['\u0421'], ['E'] = ['\u0415', '\u0395'], ['H'] = ['\u041D', '\u0397'],
        ['I'] = ['\u0406', '\u0399'], ['J'] = ['\u0408'], ['K'] = ['\u041A', '\u039A'], ['M'] = ['\u041C', '\u039C'], ['N'] = ['\u039D'],
        ['O'] = ['\u041E', '\u039F'], ['P'] = ['\u0420', '\u03A1'], ['S'] = ['\u0405'], ['T'] = ['\u0422', '\u03A4'], ['X'] = ['\u0425', '\u03A7'],
        ['Y'] = ['\u04AE', '\u03A5'], ['Z'] = ['\u0396'], ['a'] = ['\u0430'], ['c'] = ['\u0441'], ['e'] = ['\u0435'], ['i'] = ['\u0456'],
        ['j'] = ['\u0458'], ['o'] = ['\u043E', '\u03BF'], ['p'] = ['\u0440'], ['s'] = ['\u0455'], ['x'] = ['\u0445'], ['y'] = ['\u0443'],
    };

    private static readonly string[] CombiningMarks = ["\u0301", "\u0308", "\u0327", "\u0332", "\u20DD"];

    /// <summary>One secret shape: builds the text around fresh values, the kinds to report, what must not leak, and a URL form.</summary>
    public sealed record Shape(SecretKind Kind, string Name, Func<Random, Sample> Build);

    /// <summary>
    /// A text with its secrets. <paramref name="Targets"/> are the spans an evasion disguises (the secret as a
    /// redaction must cover it); <paramref name="Secrets"/> the parts that must not survive a redaction;
    /// <paramref name="Url"/> the secret in an image URL, for the kinds that go in one.
    /// </summary>
    public sealed record Sample(string Text, IReadOnlyList<SecretKind> Kinds, IReadOnlyList<string> Targets, IReadOnlyList<string> Secrets, string? Url);

    /// <summary>Every shape, several per kind, all kinds covered.</summary>
    public static IReadOnlyList<Shape> Shapes { get; } = BuildShapes();

    /// <summary>
    /// Applies an evasion. Returns the pieces the text is sent in (one unless split) and the disguised secrets to
    /// look for in what is sent (in the form the evasion leaves them, so a leak check needs no normaliser).
    /// </summary>
    public static Evaded Evade(Sample sample, string evasion, Random random)
    {
        string text = sample.Text;
        switch (evasion)
        {
            case "none":
                return new Evaded([text], sample.Secrets, sample.Url);
            case "hex":
                return new Evaded([HexOf(text, random)], [.. sample.Secrets.Select(s => Convert.ToHexString(Encoding.UTF8.GetBytes(s)))], null, HexSecrets: true);
            case "base64":
                return new Evaded([$"Decode this first: {Convert.ToBase64String(Encoding.UTF8.GetBytes(text))}"], [], null, Base64: true);
            case "split":
                return new Evaded(Split(text, random), sample.Secrets, null);
            case "split+zero-width+look-alike":
                string disguised = Disguise(text, sample.Targets, t => LookAlike(ZeroWidth(t, random), random));
                return new Evaded(Split(disguised, random), sample.Secrets, null, Disguised: true);
        }

        Func<string, string> disguise = evasion switch
        {
            "zero-width" => t => ZeroWidth(t, random),
            "invisible-after-prefix" => t => t[..Math.Min(4, t.Length)] + Invisibles[random.Next(Invisibles.Length)] + t[Math.Min(4, t.Length)..],
            "look-alike" => t => LookAlike(t, random),
            "fullwidth" => Fullwidth,
            "math-letters" => MathLetters,
            "combining-marks" => t => Combining(t, random),
            _ => throw new ArgumentException($"Unknown evasion '{evasion}'.", nameof(evasion)),
        };

        string evadedText = Disguise(text, sample.Targets, disguise, fullwidthOperator: evasion == "fullwidth");
        string? url = sample.Url is null ? null : Disguise(sample.Url, sample.Targets, disguise);
        return new Evaded([evadedText], sample.Secrets, url, Disguised: true);
    }

    /// <summary>An evaded sample: the pieces to send, the secrets to look for after redaction, and the URL form.</summary>
    public sealed record Evaded(IReadOnlyList<string> Pieces, IReadOnlyList<string> Secrets, string? Url, bool HexSecrets = false, bool Base64 = false, bool Disguised = false);

    /// <summary>
    /// What a reader of the sent text still sees of a secret: the text with every character an evasion can add removed
    /// or folded the way the evasions in this corpus apply them (so the check does not rely on the scanner's folding).
    /// </summary>
    public static string Visible(string sent)
    {
        var sb = new StringBuilder(sent.Length);
        for (int i = 0; i < sent.Length; i++)
        {
            char c = sent[i];
            if (char.IsHighSurrogate(c) && i + 1 < sent.Length)
            {
                int cp = char.ConvertToUtf32(c, sent[++i]);
                if (cp is >= 0x1D5D4 and < 0x1D608)
                {
                    sb.Append((char)((cp - 0x1D5D4) < 26 ? 'A' + (cp - 0x1D5D4) : 'a' + (cp - 0x1D5D4 - 26)));
                }
                else if (cp is >= 0x1D7EC and <= 0x1D7F5)
                {
                    sb.Append((char)('0' + (cp - 0x1D7EC)));
                }

                continue;
            }

            if (Array.IndexOf(Invisibles, c.ToString()) >= 0 || Array.IndexOf(CombiningMarks, c.ToString()) >= 0)
            {
                continue;
            }

            if (c is >= '\uFF01' and <= '\uFF5E')
            {
                sb.Append((char)(c - 0xFEE0));
                continue;
            }

            char folded = c;
            foreach ((char latin, char[] alikes) in LookAlikes)
            {
                if (Array.IndexOf(alikes, c) >= 0)
                {
                    folded = latin;
                    break;
                }
            }

            sb.Append(folded);
        }

        return sb.ToString();
    }

    // Replaces each target in the text with its disguise; with fullwidthOperator, also the '=' or ':' before it.
    private static string Disguise(string text, IReadOnlyList<string> targets, Func<string, string> disguise, bool fullwidthOperator = false)
    {
        foreach (string target in targets)
        {
            int at = text.IndexOf(target, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            int start = at;
            if (fullwidthOperator)
            {
                while (start > 0 && text[start - 1] is ' ' or '"' or '\'')
                {
                    start--;
                }

                if (start > 0 && text[start - 1] is '=' or ':')
                {
                    text = text[..(start - 1)] + (char)(text[start - 1] + 0xFEE0) + text[start..];
                }
            }

            text = text[..at] + disguise(target) + text[(at + target.Length)..];
        }

        return text;
    }

    private static string ZeroWidth(string target, Random random)
    {
        var sb = new StringBuilder(target.Length + 8);
        int next = random.Next(10, 13);
        for (int i = 0; i < target.Length; i++)
        {
            if (i == next && target[i] != '\n')
            {
                sb.Append(Invisibles[random.Next(Invisibles.Length)]);
                next += random.Next(10, 13);
            }

            sb.Append(target[i]);
        }

        return sb.ToString();
    }

    // One to three letters replaced by a look-alike (at least one when the secret has such a letter).
    private static string LookAlike(string target, Random random)
    {
        char[] chars = target.ToCharArray();
        var candidates = Enumerable.Range(0, chars.Length).Where(i => LookAlikes.ContainsKey(chars[i])).ToList();
        int count = Math.Min(candidates.Count, random.Next(1, 4));
        for (int k = 0; k < count; k++)
        {
            int i = candidates[random.Next(candidates.Count)];
            if (LookAlikes.TryGetValue(chars[i], out char[]? alikes))
            {
                chars[i] = alikes[random.Next(alikes.Length)];
            }
        }

        return new string(chars);
    }

    private static string Fullwidth(string target) =>
        string.Concat(target.Select(c => c is >= '!' and <= '~' ? (char)(c + 0xFEE0) : c));

    // Mathematical sans-serif bold letters and digits (U+1D5D4..., U+1D7EC...).
    private static string MathLetters(string target)
    {
        var sb = new StringBuilder(target.Length * 2);
        foreach (char c in target)
        {
            int cp = c switch
            {
                >= 'A' and <= 'Z' => 0x1D5D4 + (c - 'A'),
                >= 'a' and <= 'z' => 0x1D5EE + (c - 'a'),
                >= '0' and <= '9' => 0x1D7EC + (c - '0'),
                _ => c,
            };
            sb.Append(char.ConvertFromUtf32(cp));
        }

        return sb.ToString();
    }

    private static string Combining(string target, Random random)
    {
        var sb = new StringBuilder(target.Length + 8);
        foreach (char c in target)
        {
            sb.Append(c);
            if (char.IsAsciiLetter(c) && random.Next(6) == 0)
            {
                sb.Append(CombiningMarks[random.Next(CombiningMarks.Length)]);
            }
        }

        return sb.ToString();
    }

    // The whole text in hex, in one of the forms it is pasted in.
    private static string HexOf(string text, Random random)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        return random.Next(5) switch
        {
            0 => "decode this: " + Convert.ToHexString(bytes).ToLowerInvariant(),
            1 => "echo " + Convert.ToHexString(bytes) + " | xxd -r -p",
            2 => "printf '" + string.Concat(bytes.Select(b => "\\x" + b.ToString("x2", CultureInfo.InvariantCulture))) + "'",
            3 => "bytes: " + string.Join(' ', bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture))),
            _ => "data = [" + string.Join(", ", bytes.Select(b => "0x" + b.ToString("x2", CultureInfo.InvariantCulture))) + "]",
        };
    }

    /// <summary>Cuts text into pieces of 8 to 20 characters (never between a surrogate pair).</summary>
    public static string[] Split(string text, Random random)
    {
        var pieces = new List<string>();
        for (int i = 0; i < text.Length;)
        {
            int n = Math.Min(text.Length - i, random.Next(8, 21));
            if (i + n < text.Length && char.IsLowSurrogate(text[i + n]))
            {
                n--;
            }

            pieces.Add(text.Substring(i, n));
            i += n;
        }

        return [.. pieces];
    }

    private static IReadOnlyList<Shape> BuildShapes()
    {
        var shapes = new List<Shape>();
        void Add(SecretKind kind, string name, Func<Random, Sample> build) => shapes.Add(new Shape(kind, name, build));

        Add(SecretKind.OpenAIApiKey, "project key in .env", r => Key(r, "sk-" + "proj-" + Url(r, 156), k => $"OPENAI_API_KEY={k}", SecretKind.OpenAIApiKey));
        Add(SecretKind.OpenAIApiKey, "service-account key in Python", r => Key(r, "sk-" + "svcacct-" + Url(r, 120), k => $"client = OpenAI(api_key=\"{k}\")", SecretKind.OpenAIApiKey));
        Add(SecretKind.OpenAIApiKey, "admin key in JSON", r => Key(r, "sk-" + "admin-" + Url(r, 100), k => $"{{\"openai\": {{\"adminKey\": \"{k}\"}}}}", SecretKind.OpenAIApiKey));
        Add(SecretKind.OpenAIApiKey, "legacy key in a question", r => Key(r, "sk-" + An(r, 20) + "T3Blbk" + "FJ" + An(r, 20), k => $"I set my key {k} but every call returns 401, why?", SecretKind.OpenAIApiKey));
        Add(SecretKind.OpenAIApiKey, "compatible provider key", r => Key(r, "sk-" + Hex(r, 32), k => $"DEEPSEEK_API_KEY={k}", SecretKind.OpenAIApiKey));

        Add(SecretKind.AnthropicApiKey, ".env", r => Key(r, "sk-" + "ant-api03-" + Url(r, 93) + "AA", k => $"ANTHROPIC_API_KEY={k}", SecretKind.AnthropicApiKey));
        Add(SecretKind.AnthropicApiKey, "TypeScript client", r => Key(r, "sk-" + "ant-api03-" + Url(r, 93) + "AA", k => $"const client = new Anthropic({{ apiKey: '{k}' }});", SecretKind.AnthropicApiKey));
        Add(SecretKind.AnthropicApiKey, "curl with an admin key", r => Key(r, "sk-" + "ant-admin01-" + Url(r, 93) + "AA", k => $"curl https://api.anthropic.com/v1/organizations/users -H \"x-api-key: {k}\"", SecretKind.AnthropicApiKey));

        Add(SecretKind.GoogleApiKey, ".env", r => Key(r, "AI" + "za" + An(r, 35), k => $"GOOGLE_API_KEY={k}", SecretKind.GoogleApiKey));
        Add(SecretKind.GoogleApiKey, "Maps script URL", r => Key(r, "AI" + "za" + An(r, 35), k => $"<script src=\"https://maps.googleapis.com/maps/api/js?key={k}&callback=initMap\"></script>", SecretKind.GoogleApiKey));
        Add(SecretKind.GoogleApiKey, "OAuth client secret", r => Key(r, "GOC" + "SPX-" + Url(r, 28), k => $"{{\"installed\": {{\"client_id\": \"1234-abc.apps.googleusercontent.com\", \"client_secret\": \"{k}\"}}}}", SecretKind.GoogleApiKey));
        Add(SecretKind.GoogleApiKey, "OAuth access token in a log", r => Key(r, "ya" + "29." + Url(r, 120), k => $"2025-03-01T10:00:00Z DEBUG calling drive with token {k}", SecretKind.GoogleApiKey));

        Add(SecretKind.XaiApiKey, ".env", r => Key(r, "xa" + "i-" + An(r, 80), k => $"XAI_API_KEY={k}", SecretKind.XaiApiKey));
        Add(SecretKind.XaiApiKey, "curl bearer", r => Key(r, "xa" + "i-" + An(r, 80), k => $"curl https://api.x.ai/v1/chat/completions -H \"Authorization: Bearer {k}\"", SecretKind.XaiApiKey));

        Add(SecretKind.AwsAccessKeyId, "shell export", r => Key(r, "AK" + "IA" + Up(r, 16), k => $"export AWS_ACCESS_KEY_ID={k}", SecretKind.AwsAccessKeyId,
            k => $"https://purser-assets.s3.amazonaws.com/logo.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={k}%2F20250101%2Fus-east-1%2Fs3%2Faws4_request"));
        Add(SecretKind.AwsAccessKeyId, "session key id in JSON", r => Key(r, "AS" + "IA" + Up(r, 16), k => $"{{\"AccessKeyId\": \"{k}\", \"Expiration\": \"2025-01-01T00:00:00Z\"}}", SecretKind.AwsAccessKeyId,
            k => $"https://purser-assets.s3.amazonaws.com/a.png?X-Amz-Credential={k}%2F20250101%2Feu-west-1%2Fs3%2Faws4_request"));
        Add(SecretKind.AwsSecretAccessKey, "credentials file", r => AwsSecret(r, s => $"[default]\nregion = eu-west-1\naws_secret_access_key = {s}\n"));
        Add(SecretKind.AwsSecretAccessKey, "SecretAccessKey in JSON", r => AwsSecret(r, s => $"{{\"Credentials\": {{\"SecretAccessKey\": \"{s}\", \"Expiration\": \"2025-01-01T00:00:00Z\"}}}}"));
        Add(SecretKind.AwsSecretAccessKey, "credentials CSV with its key id", r =>
        {
            string id = "AK" + "IA" + Up(r, 16);
            string secret = AwsSecretValue(r);
            return new Sample($"User name,Access key ID,Secret access key\nci-bot,{id},{secret}", [SecretKind.AwsAccessKeyId, SecretKind.AwsSecretAccessKey], [id, secret], [id, secret], null);
        });

        Add(SecretKind.AzureKey, "storage connection string", r => Key(r, B64(r, 86) + "==", k => $"DefaultEndpointsProtocol=https;AccountName=purserdata;AccountKey={k};EndpointSuffix=core.windows.net", SecretKind.AzureKey));
        Add(SecretKind.AzureKey, "SAS URL", r => Key(r, B64(r, 43), k => $"https://purserdata.blob.core.windows.net/ledger/2025.csv?sv=2022-11-02&ss=b&sp=r&se=2026-01-01T00:00:00Z&sig={k}%3D", SecretKind.AzureKey,
            k => $"https://purserdata.blob.core.windows.net/img/a.png?sv=2022-11-02&sp=r&sig={k}%3D"));
        Add(SecretKind.AzureKey, "Service Bus connection string", r => Key(r, B64(r, 43) + "=", k => $"Endpoint=sb://purser.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={k}", SecretKind.AzureKey));

        Add(SecretKind.GitHubToken, ".env", r => Key(r, "gh" + "p_" + An(r, 36), k => $"GITHUB_TOKEN={k}", SecretKind.GitHubToken, k => $"https://cdn.acme-assets.net/img/1.png?access_token={k}"));
        Add(SecretKind.GitHubToken, "clone URL", r => Key(r, "gh" + "o_" + An(r, 36), k => $"git clone https://x-access-token:{k}@github.com/purser/purser.git", SecretKind.GitHubToken));
        Add(SecretKind.GitHubToken, "fine-grained token in JSON", r => Key(r, "github" + "_pat_" + An(r, 22) + "_" + An(r, 59), k => $"{{\"github\": {{\"token\": \"{k}\"}}}}", SecretKind.GitHubToken,
            k => $"https://raw.githubusercontent.com/o/r/main/a.png?token={k}"));
        Add(SecretKind.GitHubToken, "Actions log", r => Key(r, "gh" + "s_" + An(r, 36), k => $"##[debug]Using token {k} for api.github.com", SecretKind.GitHubToken));

        Add(SecretKind.GitLabToken, "remote URL", r => Key(r, "gl" + "pat-" + Url(r, 20), k => $"git remote add origin https://oauth2:{k}@gitlab.com/purser/purser.git", SecretKind.GitLabToken));
        Add(SecretKind.GitLabToken, "runner config", r => Key(r, "gl" + "rt-" + Url(r, 20), k => $"[[runners]]\n  url = \"https://gitlab.com\"\n  token = \"{k}\"", SecretKind.GitLabToken,
            k => $"https://gitlab.com/api/v4/projects/1/avatar?private_token={k}"));

        Add(SecretKind.SlackToken, "bot token", r => Key(r, "xo" + "xb-" + Num(r, 12) + "-" + Num(r, 13) + "-" + An(r, 24), k => $"SLACK_BOT_TOKEN={k}", SecretKind.SlackToken,
            k => $"https://files.slack.com/files-pri/T0/a.png?t={k}"));
        Add(SecretKind.SlackToken, "user token in YAML", r => Key(r, "xo" + "xp-" + Num(r, 12) + "-" + Num(r, 12) + "-" + Num(r, 13) + "-" + Hex(r, 32), k => $"slack:\n  user_token: {k}", SecretKind.SlackToken));
        Add(SecretKind.SlackToken, "incoming webhook", r => Key(r, "T" + Up(r, 8) + "/B" + Up(r, 10) + "/" + An(r, 24), k => $"curl -X POST -d '{{\"text\":\"deployed\"}}' https://hooks.slack.com/services/{k}", SecretKind.SlackToken));

        Add(SecretKind.StripeKey, "live secret key", r => Key(r, "sk" + "_live_" + An(r, 99), k => $"STRIPE_SECRET_KEY={k}", SecretKind.StripeKey, k => $"https://cdn.acme-assets.net/p.png?key={k}"));
        Add(SecretKind.StripeKey, "restricted key in JSON", r => Key(r, "rk" + "_live_" + An(r, 24), k => $"{{\"stripe\": {{\"restrictedKey\": \"{k}\"}}}}", SecretKind.StripeKey));
        Add(SecretKind.StripeKey, "webhook secret", r => Key(r, "wh" + "sec_" + An(r, 32), k => $"endpoint_secret = '{k}'", SecretKind.StripeKey));

        Add(SecretKind.PrivateKey, "RSA key", r => PrivateKey(r, "RSA PRIVATE KEY"));
        Add(SecretKind.PrivateKey, "PKCS#8 key in a message", r => PrivateKey(r, "PRIVATE KEY", "here is the key for the staging box:\n"));
        Add(SecretKind.PrivateKey, "OpenSSH key", r => PrivateKey(r, "OPENSSH PRIVATE KEY"));
        Add(SecretKind.PrivateKey, "EC key", r => PrivateKey(r, "EC PRIVATE KEY"));

        Add(SecretKind.Jwt, "bearer header", r => Key(r, Jwt(r), k => $"curl -H \"Authorization: Bearer {k}\" https://api.purser.dev/v1/me", SecretKind.Jwt, k => $"https://cdn.acme-assets.net/a.png?jwt={k}"));
        Add(SecretKind.Jwt, "cookie", r => Key(r, Jwt(r), k => $"Cookie: theme=dark; session={k}; lang=en", SecretKind.Jwt));
        Add(SecretKind.Jwt, "id token in JSON", r => Key(r, Jwt(r), k => $"{{\"access\": \"ok\", \"id_token\": \"{k}\"}}", SecretKind.Jwt));

        Add(SecretKind.PasswordAssignment, ".env", r => Key(r, Password(r), k => $"DB_HOST=db.internal\nDB_PASSWORD={k}\nDB_PORT=5432", SecretKind.PasswordAssignment,
            k => $"https://cdn.acme-assets.net/a.png?user=svc&password={k}"));
        Add(SecretKind.PasswordAssignment, "YAML", r => Key(r, Password(r), k => $"database:\n  user: purser\n  password: \"{k}\"", SecretKind.PasswordAssignment));
        Add(SecretKind.PasswordAssignment, "JSON", r => Key(r, Password(r), k => $"{{\"adminUser\": \"root\", \"adminPassword\": \"{k}\"}}", SecretKind.PasswordAssignment));
        Add(SecretKind.PasswordAssignment, "XML", r => Key(r, Password(r), k => $"<datasource><user>app</user><password>{k}</password></datasource>", SecretKind.PasswordAssignment));
        Add(SecretKind.PasswordAssignment, "PHP", r => Key(r, Password(r), k => $"$db_pass = '{k}';", SecretKind.PasswordAssignment));

        Add(SecretKind.SecretAssignment, "API key in .env", r => Key(r, An(r, 32), k => $"API_KEY={k}", SecretKind.SecretAssignment, k => $"https://cdn.acme-assets.net/a.png?api_key={k}"));
        Add(SecretKind.SecretAssignment, "client secret in YAML", r => Key(r, Url(r, 40), k => $"oauth:\n  client_id: purser-web\n  client_secret: \"{k}\"", SecretKind.SecretAssignment));
        Add(SecretKind.SecretAssignment, "bearer token", r => Key(r, An(r, 40), k => $"curl -H \"Authorization: Bearer {k}\" https://api.internal/v1/items", SecretKind.SecretAssignment));
        Add(SecretKind.SecretAssignment, "Django secret key", r => Key(r, An(r, 20) + "!" + An(r, 20) + "#" + An(r, 8), k => $"SECRET_KEY = '{k}'", SecretKind.SecretAssignment));
        Add(SecretKind.SecretAssignment, "Basic credential", r => Key(r, Convert.ToBase64String(Encoding.UTF8.GetBytes("deploy:" + Password(r))), k => $"Authorization: Basic {k}", SecretKind.SecretAssignment));

        Add(SecretKind.ConnectionString, "postgres URL", r => Key(r, An(r, 20), k => $"DATABASE_URL=postgres://app:{k}@db.internal:5432/purser", SecretKind.ConnectionString,
            k => $"https://deploy:{k}@cdn.acme-assets.net/img/a.png"));
        Add(SecretKind.ConnectionString, "MongoDB Atlas", r => Key(r, An(r, 16), k => $"mongodb+srv://admin:{k}@cluster0.ab1cd.mongodb.net/prod?retryWrites=true", SecretKind.ConnectionString));
        Add(SecretKind.ConnectionString, "Redis", r => Key(r, An(r, 24), k => $"REDIS_URL=redis://:{k}@cache.internal:6379/0", SecretKind.ConnectionString));
        Add(SecretKind.ConnectionString, "ADO.NET", r => Key(r, Password(r).Replace(";", "", StringComparison.Ordinal), k => $"Server=tcp:sql.internal,1433;Database=purser;User ID=app;Password={k};Encrypt=True;", SecretKind.ConnectionString));

        Add(SecretKind.HighEntropy, "session header", r => Key(r, An(r, 40), k => $"curl https://api.internal/v1/items -H \"X-Session: {k}\"", SecretKind.HighEntropy, k => $"https://cdn.acme-assets.net/a.png?s={k}"));
        Add(SecretKind.HighEntropy, "token in prose", r => Key(r, Url(r, 44), k => $"the value you need is {k} for now", SecretKind.HighEntropy));
        Add(SecretKind.HighEntropy, "YAML value under an unrelated name", r => Key(r, An(r, 48), k => $"cookie:\n  seed: {k}\n  ttl: 3600", SecretKind.HighEntropy));
        return shapes;

        static Sample Key(Random r, string key, Func<string, string> text, SecretKind kind, Func<string, string>? url = null) =>
            new(text(key), [kind], [key], [key], url?.Invoke(key));

        static Sample AwsSecret(Random r, Func<string, string> text)
        {
            string secret = AwsSecretValue(r);
            return new Sample(text(secret), [SecretKind.AwsSecretAccessKey], [secret], [secret], null);
        }

        static Sample PrivateKey(Random r, string label, string before = "")
        {
            var body = new StringBuilder();
            for (int i = 0; i < 12; i++)
            {
                body.Append(B64(r, 64)).Append('\n');
            }

            body.Append(B64(r, 40)).Append("==");
            string block = $"-----BEGIN {label}-----\n{body}\n-----END {label}-----";
            // What must not leak: every line of key material.
            return new Sample(before + block + "\n", [SecretKind.PrivateKey], [block], body.ToString().Split('\n'), null);
        }
    }

    private static string AwsSecretValue(Random r)
    {
        while (true)
        {
            string s = B64(r, 40);
            if (s.Any(char.IsAsciiDigit) && s.Any(char.IsAsciiLetterUpper) && s.Any(char.IsAsciiLetterLower))
            {
                return s;
            }
        }
    }

    // A password people and generators make: a capital, letters, digits, a symbol, more characters; no words.
    private static string Password(Random r) =>
        Pick(r, "ABCDEFGHKLMNPRSTVWXZ", 1) + Pick(r, "abcdefghkmnpqrtvwz", 5) + Num(r, 3) + Pick(r, "!#%&*+?@", 1) + An(r, 6);

    private static string Jwt(Random r)
    {
        static string B64Url(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return B64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." +
            B64Url($"{{\"sub\":\"{r.Next(100000, 999999)}\",\"name\":\"Test User\",\"iat\":{r.Next(1_600_000_000, 1_800_000_000)}}}") + "." + Url(r, 43);
    }

    private static string An(Random r, int n) => Pick(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", n);

    private static string Url(Random r, int n) => Pick(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", n);

    private static string B64(Random r, int n) => Pick(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", n);

    private static string Hex(Random r, int n) => Pick(r, "0123456789abcdef", n);

    private static string Up(Random r, int n) => Pick(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", n);

    private static string Num(Random r, int n) => Pick(r, "0123456789", n);

    private static string Pick(Random r, string alphabet, int n)
    {
        var chars = new char[n];
        for (int i = 0; i < n; i++)
        {
            chars[i] = alphabet[r.Next(alphabet.Length)];
        }

        return new string(chars);
    }
}
