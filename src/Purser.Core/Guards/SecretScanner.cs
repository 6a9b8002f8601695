using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Purser.Guards;

/// <summary>
/// Finds secrets in text. Thread-safe and immutable: build one per configuration and share it.
/// Every detector is one pass of a source-generated regular expression that starts with a literal
/// (or a hand-written linear scan), so text without candidates costs a few vectorised searches.
/// Findings never contain the secret text.
/// </summary>
internal sealed class SecretScanner
{
    /// <summary>Default minimum Shannon entropy (bits per character) of a <see cref="SecretKind.HighEntropy"/> token.</summary>
    public const double DefaultEntropyThreshold = 3.7;

    /// <summary>Default minimum length of a <see cref="SecretKind.HighEntropy"/> token.</summary>
    public const int DefaultEntropyMinLength = 24;

    /// <summary>Tokens longer than this are blobs (images, bundles), not credentials, for the entropy detector.</summary>
    public const int EntropyMaxLength = 200;

    // Detector priorities: when matches overlap, the most specific one wins.
    private const int TypedPriority = 100;
    private const int PrivateKeyPriority = 95;
    private const int JwtPriority = 90;
    private const int ContextualTypedPriority = 85;
    private const int ConnectionStringPriority = 80;
    private const int PasswordPriority = 60;
    private const int SecretPriority = 50;
    private const int EntropyPriority = 10;

    private const int MinPrivateKeyBody = 64;
    private const int MaxPrivateKeyScan = 64 * 1024;
    private const int AwsPairWindow = 200;

    // Where an assignment detector can start: the first word of every name the Assignment pattern knows, and the
    // two Authorization schemes. Found with one vectorised multi-string search; the patterns run anchored there.
    private static readonly SearchValues<string> AssignmentKeywords = SearchValues.Create(
        [
            "pass", "pwd", "secret", "token", "credential", "api_key", "api-key", "apikey", "access_key", "access-key", "accesskey",
            "auth_key", "auth-key", "authkey", "private_key", "private-key", "privatekey", "signing_key", "signing-key", "signingkey",
            "encryption_key", "encryption-key", "encryptionkey", "master_key", "master-key", "masterkey", "account_key", "account-key",
            "accountkey", "storage_key", "storage-key", "storagekey", "subscription_key", "subscription-key", "subscriptionkey",
            "bearer", "basic",
        ],
        StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> SelfDescribingValues = SearchValues.Create(
        ["secret", "token", "password", "passwd"], StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> FakeMarkers = SearchValues.Create(
        ["xxxx", "example", "your", "placeholder", "redacted", "dummy", "changeme"], StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> AwsSecretNames = SearchValues.Create(
        ["aws_secret", "awssecret", "secret_access_key", "secretaccesskey"], StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<char> PemBodyChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\\ \t\r\n:,-");

    // Token names ending with "token" that are not credentials (pagination, cancellation, tokenizer special tokens).
    private static readonly string[] NonSecretTokenNames =
    [
        "cancellationtoken", "pagetoken", "nexttoken", "nextpagetoken", "continuationtoken", "synctoken", "maxtoken",
        "eostoken", "bostoken", "padtoken", "unktoken", "septoken", "clstoken", "masktoken", "starttoken", "endtoken",
        "stoptoken", "resumetoken", "cursortoken",
    ];

    // SHA-256 of publicly documented sample credentials that match a real format (the Azurite/Storage
    // Emulator account key); hashed so the value itself does not sit in the source.
    private static readonly HashSet<string> KnownPublicValues = new(StringComparer.Ordinal)
    {
        "0011CC25EB4320717494D2703E8CBA85743E71B500283C21C8B88147992F9059",
    };

    private readonly bool[] _enabled;
    private readonly Regex[] _allow;

    /// <summary>A scanner with every detector and the default thresholds.</summary>
    public SecretScanner()
        : this(null)
    {
    }

    /// <param name="kinds">Detectors to run; null runs all of them.</param>
    /// <param name="entropyThreshold">Minimum bits per character for <see cref="SecretKind.HighEntropy"/>.</param>
    /// <param name="entropyMinLength">Minimum token length for <see cref="SecretKind.HighEntropy"/>.</param>
    /// <param name="allowPatterns">Regular expressions; a finding whose secret text matches one is dropped.</param>
    public SecretScanner(
        IEnumerable<SecretKind>? kinds,
        double entropyThreshold = DefaultEntropyThreshold,
        int entropyMinLength = DefaultEntropyMinLength,
        IEnumerable<string>? allowPatterns = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(entropyThreshold);
        ArgumentOutOfRangeException.ThrowIfLessThan(entropyMinLength, 8);

        _enabled = new bool[SecretKinds.All.Count];
        foreach (SecretKind kind in kinds ?? SecretKinds.All)
        {
            _enabled[(int)kind] = true;
        }

        EntropyThreshold = entropyThreshold;
        EntropyMinLength = entropyMinLength;
        _allow = (allowPatterns ?? [])
            .Select(p => new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)))
            .ToArray();
    }

    /// <summary>A shared scanner with every detector and the default thresholds.</summary>
    public static SecretScanner Default { get; } = new();

    public double EntropyThreshold { get; }

    public int EntropyMinLength { get; }

    /// <summary>The detectors this scanner runs.</summary>
    public IEnumerable<SecretKind> Kinds => SecretKinds.All.Where(k => _enabled[(int)k]);

    public bool IsEnabled(SecretKind kind) => _enabled[(int)kind];

    /// <summary>
    /// Finds the secrets in <paramref name="text"/>, ordered by position, without overlaps. The text is read folded
    /// (<see cref="SecretTextFolding"/>: invisible characters removed, look-alike and fullwidth characters folded to
    /// ASCII) and hex or base64 that decodes to text is read decoded; findings are spans of the text as given, so a
    /// redaction removes the secret with the characters that disguised it.
    /// </summary>
    public IReadOnlyList<SecretFinding> Scan(string text) => Scan(text, context: null);

    /// <summary>
    /// <see cref="Scan(string)"/> for a value whose name is <paramref name="context"/> (a JSON property name): the
    /// detectors that look at the words before a token also read the name, as if it were written before the value.
    /// </summary>
    internal IReadOnlyList<SecretFinding> Scan(string text, string? context)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<SecretHit> hits = ScanHits(text, context, depth: 0);
        return hits.Count == 0 ? [] : ToFindings(text, hits);
    }

    /// <summary>The secrets in <paramref name="text"/> as spans of it, ordered, without overlaps; <paramref name="depth"/> 1 inside decoded text.</summary>
    internal List<SecretHit> ScanHits(string text, string? context, int depth)
    {
        if (text.Length < 8)
        {
            return [];
        }

        using FoldedText? folded = SecretTextFolding.Fold(text);
        if (folded is null)
        {
            return FindHits(text, context, depth);
        }

        List<SecretHit> hits = FindHits(folded.Text, context, depth);
        for (int i = 0; i < hits.Count; i++)
        {
            SecretHit h = hits[i];
            (int start, int end) = folded.ToOriginal(h.Start, h.End);
            hits[i] = h with { Start = start, Length = end - start };
        }

        return hits;
    }

    private List<SecretHit> FindHits(string text, string? context, int depth)
    {
        var hits = new List<SecretHit>();
        if (text.Length < 8)
        {
            return hits;
        }

        FindTyped(text, hits);
        FindPrivateKeys(text, hits);
        FindJwts(text, hits);
        FindConnectionStrings(text, hits);
        FindAssignments(text, hits);
        if (depth == 0)
        {
            HexEncodedSecrets.Find(text, this, hits);
        }

        if (Enabled(SecretKind.HighEntropy))
        {
            int before = hits.Count;
            HighEntropyDetector.Find(text, context, this, depth, hits, EntropyPriority);
            if (hits.Count > before && text.Contains("-----BEGIN ", StringComparison.Ordinal))
            {
                DropInsidePublicPemBlocks(text, hits, before);
            }
        }

        if (hits.Count == 0)
        {
            return hits;
        }

        List<SecretHit> kept = ResolveOverlaps(hits);
        kept.RemoveAll(h => !h.Decoded && (LooksFake(h, text) || IsKnownPublicValue(text.AsSpan(h.Start, h.Length)) || IsAllowed(text.AsSpan(h.Start, h.Length))));
        return kept;
    }

    /// <summary>Replaces every secret with <c>[REDACTED:kind_id]</c>.</summary>
    public string Redact(string text, out IReadOnlyList<SecretFinding> findings)
    {
        findings = Scan(text);
        return Redact(text, findings);
    }

    /// <summary>Replaces the given findings (from a scan of this same <paramref name="text"/>) with placeholders.</summary>
    public static string Redact(string text, IReadOnlyList<SecretFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(findings);
        if (findings.Count == 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        int pos = 0;
        foreach (SecretFinding f in findings.OrderBy(f => f.Start))
        {
            if (f.Start < pos)
            {
                continue;
            }

            sb.Append(text, pos, f.Start - pos).Append(Placeholder(f.Kind));
            pos = f.End;
        }

        return sb.Append(text, pos, text.Length - pos).ToString();
    }

    /// <summary>How specific a kind's detector is: when findings overlap, the higher one wins.</summary>
    internal static int PriorityOf(SecretKind kind) => kind switch
    {
        SecretKind.PrivateKey => PrivateKeyPriority,
        SecretKind.Jwt => JwtPriority,
        SecretKind.AwsSecretAccessKey or SecretKind.AzureKey => ContextualTypedPriority,
        SecretKind.ConnectionString => ConnectionStringPriority,
        SecretKind.PasswordAssignment => PasswordPriority,
        SecretKind.SecretAssignment => SecretPriority,
        SecretKind.HighEntropy => EntropyPriority,
        _ => TypedPriority,
    };

    /// <summary>The typed placeholder a redaction leaves, e.g. <c>[REDACTED:openai_api_key]</c>.</summary>
    public static string Placeholder(SecretKind kind) => "[REDACTED:" + kind.ToId() + "]";

    private bool Enabled(SecretKind kind) => _enabled[(int)kind];

    private void FindTyped(string text, List<SecretHit> hits)
    {
        if (Enabled(SecretKind.OpenAIApiKey) && text.Contains("sk-", StringComparison.Ordinal))
        {
            foreach (ValueMatch m in SecretPatterns.OpenAI().EnumerateMatches(text))
            {
                ReadOnlySpan<char> v = text.AsSpan(m.Index, m.Length);
                // The generic sk- form must look random: letters and digits both.
                if (v.StartsWith("sk-proj-") || v.StartsWith("sk-svcacct-") || v.StartsWith("sk-admin-") || v.StartsWith("sk-None-")
                    || (SecretValueRules.HasDigit(v[3..]) && SecretValueRules.HasLetter(v[3..])))
                {
                    hits.Add(new(SecretKind.OpenAIApiKey, m.Index, m.Length, TypedPriority));
                }
            }
        }

        AddAll(text, SecretKind.AnthropicApiKey, "sk-ant-", SecretPatterns.Anthropic(), hits);
        if (Enabled(SecretKind.GoogleApiKey) && (text.Contains("AIza", StringComparison.Ordinal) || text.Contains("GOCSPX-", StringComparison.Ordinal) || text.Contains("ya29.", StringComparison.Ordinal)))
        {
            AddAll(text, SecretKind.GoogleApiKey, null, SecretPatterns.Google(), hits);
        }

        AddAll(text, SecretKind.XaiApiKey, "xai-", SecretPatterns.Xai(), hits);
        FindAws(text, hits);
        FindAzure(text, hits);
        AddAll(text, SecretKind.GitHubToken, null, SecretPatterns.GitHub(), hits);
        AddAll(text, SecretKind.GitLabToken, "gl", SecretPatterns.GitLab(), hits);
        if (Enabled(SecretKind.SlackToken) && (text.Contains("xox", StringComparison.Ordinal) || text.Contains("xapp-", StringComparison.Ordinal) || text.Contains("hooks.slack.com", StringComparison.Ordinal)))
        {
            foreach (ValueMatch m in SecretPatterns.Slack().EnumerateMatches(text))
            {
                if (SecretValueRules.HasDigit(text.AsSpan(m.Index, m.Length)))
                {
                    hits.Add(new(SecretKind.SlackToken, m.Index, m.Length, TypedPriority));
                }
            }
        }

        if (Enabled(SecretKind.StripeKey) && (text.Contains("_live_", StringComparison.Ordinal) || text.Contains("_test_", StringComparison.Ordinal) || text.Contains("whsec_", StringComparison.Ordinal)))
        {
            AddAll(text, SecretKind.StripeKey, null, SecretPatterns.Stripe(), hits);
        }
    }

    private void AddAll(string text, SecretKind kind, string? requiredLiteral, Regex regex, List<SecretHit> hits)
    {
        if (!Enabled(kind) || (requiredLiteral is not null && !text.Contains(requiredLiteral, StringComparison.Ordinal)))
        {
            return;
        }

        foreach (ValueMatch m in regex.EnumerateMatches(text))
        {
            hits.Add(new(kind, m.Index, m.Length, TypedPriority));
        }
    }

    private void FindAws(string text, List<SecretHit> hits)
    {
        bool ids = Enabled(SecretKind.AwsAccessKeyId);
        bool secrets = Enabled(SecretKind.AwsSecretAccessKey);
        if (ids || secrets)
        {
            foreach (ValueMatch m in SecretPatterns.AwsAccessKeyId().EnumerateMatches(text))
            {
                ReadOnlySpan<char> id = text.AsSpan(m.Index, m.Length);
                if (id.Contains("EXAMPLE", StringComparison.Ordinal))
                {
                    continue; // AWS's documentation keys (AKIAIOSFODNN7EXAMPLE)
                }

                if (ids)
                {
                    hits.Add(new(SecretKind.AwsAccessKeyId, m.Index, m.Length, TypedPriority));
                }

                if (secrets)
                {
                    // A credentials CSV or a pasted key pair: the secret follows the id closely.
                    int from = m.Index + m.Length;
                    int windowLength = Math.Min(AwsPairWindow, text.Length - from);
                    Match pair = SecretPatterns.AwsSecretBare().Match(text, from, windowLength);
                    if (pair.Success && LooksLikeAwsSecret(pair.ValueSpan))
                    {
                        hits.Add(new(SecretKind.AwsSecretAccessKey, pair.Index, pair.Length, ContextualTypedPriority));
                    }
                }
            }
        }

        if (!secrets)
        {
            return;
        }

        int pos = 0;
        while (pos < text.Length)
        {
            int rel = text.AsSpan(pos).IndexOfAny(AwsSecretNames);
            if (rel < 0)
            {
                break;
            }

            int at = pos + rel;
            Match m = SecretPatterns.AwsSecretNamed().Match(text, at);
            Group v = m.Groups["v"];
            if (m.Success && LooksLikeAwsSecret(v.ValueSpan))
            {
                hits.Add(new(SecretKind.AwsSecretAccessKey, v.Index, v.Length, ContextualTypedPriority));
                pos = m.Index + m.Length;
            }
            else
            {
                pos = at + 1;
            }
        }
    }

    private static bool LooksLikeAwsSecret(ReadOnlySpan<char> v) =>
        !v.Contains("EXAMPLE", StringComparison.Ordinal) && SecretValueRules.HasDigit(v) && SecretValueRules.HasUpperAndLower(v);

    private void FindAzure(string text, List<SecretHit> hits)
    {
        if (!Enabled(SecretKind.AzureKey)
            || !(text.Contains("AccessKey", StringComparison.OrdinalIgnoreCase) || text.Contains("AccountKey", StringComparison.OrdinalIgnoreCase) || text.Contains("sig=", StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        foreach (Match m in SecretPatterns.Azure().Matches(text))
        {
            Group v = m.Groups["v"];
            if (SecretValueRules.HasDigit(v.ValueSpan) && SecretValueRules.HasLetter(v.ValueSpan))
            {
                hits.Add(new(SecretKind.AzureKey, v.Index, v.Length, ContextualTypedPriority));
            }
        }
    }

    // A user allow pattern that times out does not allow: a slow pattern must not let a secret through.
    private bool IsAllowed(ReadOnlySpan<char> value)
    {
        foreach (Regex allow in _allow)
        {
            try
            {
                if (allow.IsMatch(value))
                {
                    return true;
                }
            }
            catch (RegexMatchTimeoutException)
            {
            }
        }

        return false;
    }

    // ghp_xxxxxxxx..., AKIA0000000000000000, sk-...EXAMPLE...: documentation stand-ins in a real format.
    private static bool LooksFake(SecretHit hit, string text)
    {
        if (hit.Kind is SecretKind.PrivateKey or SecretKind.Jwt)
        {
            return false; // key material and encoded JSON legitimately repeat characters
        }

        ReadOnlySpan<char> value = text.AsSpan(hit.Start, hit.Length);
        if (value.IndexOfAny(FakeMarkers) >= 0)
        {
            return true;
        }

        int run = 1;
        for (int i = 1; i < value.Length; i++)
        {
            run = value[i] == value[i - 1] ? run + 1 : 1;
            if (run >= 6)
            {
                return true;
            }
        }

        return false;
    }

    // Certificates, public keys and CSRs are public: their base64 lines are not high-entropy secrets.
    private static void DropInsidePublicPemBlocks(string text, List<SecretHit> hits, int firstEntropyHit)
    {
        var ranges = new List<(int Start, int End)>();
        foreach (Match begin in SecretPatterns.PemBegin().Matches(text))
        {
            ReadOnlySpan<char> label = begin.Groups["label"].ValueSpan;
            if (label.Contains("PRIVATE", StringComparison.Ordinal))
            {
                continue;
            }

            int end = text.IndexOf(string.Concat("-----END ", label, "-----"), begin.Index + begin.Length, StringComparison.Ordinal);
            ranges.Add((begin.Index, end < 0 ? text.Length : end));
        }

        for (int i = hits.Count - 1; i >= firstEntropyHit; i--)
        {
            SecretHit h = hits[i];
            if (ranges.Exists(r => h.Start >= r.Start && h.End <= r.End))
            {
                hits.RemoveAt(i);
            }
        }
    }

    private static bool IsKnownPublicValue(ReadOnlySpan<char> value)
    {
        Span<byte> utf8 = value.Length <= 256 ? stackalloc byte[value.Length * 3] : new byte[value.Length * 3];
        int n = Encoding.UTF8.GetBytes(value, utf8);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(utf8[..n], hash);
        return KnownPublicValues.Contains(Convert.ToHexString(hash));
    }

    private void FindPrivateKeys(string text, List<SecretHit> hits)
    {
        if (!Enabled(SecretKind.PrivateKey) || !text.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            return;
        }

        int searchFrom = 0;
        while (searchFrom < text.Length)
        {
            Match begin = SecretPatterns.PrivateKeyBegin().Match(text, searchFrom);
            if (!begin.Success)
            {
                return;
            }

            int bodyStart = begin.Index + begin.Length;
            int scanLength = Math.Min(MaxPrivateKeyScan, text.Length - bodyStart);
            Match end = SecretPatterns.PrivateKeyEnd().Match(text, bodyStart, scanLength);
            int bodyEnd, spanEnd;
            if (end.Success)
            {
                bodyEnd = end.Index;
                spanEnd = end.Index + end.Length;
            }
            else
            {
                // Truncated block: the header and the key material that follows it.
                int run = text.AsSpan(bodyStart, scanLength).IndexOfAnyExcept(PemBodyChars);
                bodyEnd = spanEnd = run < 0 ? bodyStart + scanLength : bodyStart + run;
            }

            if (CountBase64(text.AsSpan(bodyStart, bodyEnd - bodyStart)) >= MinPrivateKeyBody)
            {
                hits.Add(new(SecretKind.PrivateKey, begin.Index, spanEnd - begin.Index, PrivateKeyPriority));
                searchFrom = spanEnd;
            }
            else
            {
                searchFrom = bodyStart; // a header quoted in code or docs, with no key material
            }
        }
    }

    private static int CountBase64(ReadOnlySpan<char> body)
    {
        int n = 0;
        foreach (char c in body)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '+' or '/')
            {
                n++;
            }
        }

        return n;
    }

    private void FindJwts(string text, List<SecretHit> hits)
    {
        if (!Enabled(SecretKind.Jwt) || !text.Contains("eyJ", StringComparison.Ordinal))
        {
            return;
        }

        foreach (ValueMatch m in SecretPatterns.Jwt().EnumerateMatches(text))
        {
            ReadOnlySpan<char> jwt = text.AsSpan(m.Index, m.Length);
            if (HeaderHasAlg(jwt[..jwt.IndexOf('.')]))
            {
                hits.Add(new(SecretKind.Jwt, m.Index, m.Length, JwtPriority));
            }
        }
    }

    private static bool HeaderHasAlg(ReadOnlySpan<char> header)
    {
        if (header.Length > 1024)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Base64Url.GetMaxDecodedLength(header.Length)];
        if (Base64Url.DecodeFromChars(header, bytes, out _, out int written) != OperationStatus.Done)
        {
            return false;
        }

        ReadOnlySpan<byte> json = bytes[..written].Trim(" \t\r\n"u8);
        return json.Length > 0 && json[0] == (byte)'{' && json.IndexOf("\"alg\""u8) >= 0;
    }

    private void FindConnectionStrings(string text, List<SecretHit> hits)
    {
        if (!Enabled(SecretKind.ConnectionString))
        {
            return;
        }

        if (text.Contains("://", StringComparison.Ordinal))
        {
            foreach (Match m in SecretPatterns.UrlCredentials().Matches(text))
            {
                Group v = m.Groups["v"];
                ReadOnlySpan<char> user = m.Groups["user"].ValueSpan;
                // user:password placeholders, dev defaults (postgres:postgres, guest:guest), toy values (abc:xyz) and
                // documentation hosts (example.com, RFC 2606) are not secrets.
                if (v.Length >= 4 && !SecretValueRules.IsPlaceholder(v.ValueSpan) && !v.ValueSpan.SequenceEqual(user)
                    && !m.Groups["host"].ValueSpan.Contains("example", StringComparison.OrdinalIgnoreCase))
                {
                    hits.Add(new(SecretKind.ConnectionString, v.Index, v.Length, ConnectionStringPriority));
                }
            }
        }

        if (text.Contains(';') && (text.Contains("password", StringComparison.OrdinalIgnoreCase) || text.Contains("pwd", StringComparison.OrdinalIgnoreCase)))
        {
            foreach (Match m in SecretPatterns.KeyValuePassword().Matches(text))
            {
                Group v = m.Groups["v"];
                if (SecretValueRules.IsPlaceholder(v.ValueSpan) || !InConnectionString(text, m.Index))
                {
                    continue;
                }

                hits.Add(new(SecretKind.ConnectionString, v.Index, v.Length, ConnectionStringPriority));
            }
        }
    }

    // The line holding the password also names a server / host / user: an ADO.NET or ODBC connection string.
    private static bool InConnectionString(string text, int index)
    {
        int lineStart = text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        int lineEnd = text.IndexOf('\n', index);
        if (lineEnd < 0)
        {
            lineEnd = text.Length;
        }

        ReadOnlySpan<char> line = text.AsSpan(lineStart, lineEnd - lineStart);
        return line.Contains(';') && SecretPatterns.ConnectionStringServerKey().IsMatch(line);
    }

    private void FindAssignments(string text, List<SecretHit> hits)
    {
        bool passwords = Enabled(SecretKind.PasswordAssignment);
        bool secrets = Enabled(SecretKind.SecretAssignment);
        if (!passwords && !secrets)
        {
            return;
        }

        int pos = 0;
        while (pos < text.Length)
        {
            int rel = text.AsSpan(pos).IndexOfAny(AssignmentKeywords);
            if (rel < 0)
            {
                return;
            }

            int at = pos + rel;
            if ((text[at] | 0x20) == 'b')
            {
                pos = MatchAuthorization(text, at, secrets, hits);
            }
            else if (OperatorFollows(text, at))
            {
                pos = MatchAssignment(text, at, passwords, secrets, hits);
            }
            else
            {
                pos = at + 1;
            }
        }
    }

    // Cheap test before the regex: the name that starts at the keyword is followed by ':', '=' or '>' (XML).
    private static bool OperatorFollows(string text, int at)
    {
        int i = at;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '-'))
        {
            i++;
        }

        if (i < text.Length && text[i] is '"' or '\'' or '`')
        {
            i++;
        }

        if (i < text.Length && text[i] == ']')
        {
            i++;
        }

        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        return i < text.Length && text[i] is ':' or '=' or '>';
    }

    // name = value at a keyword; returns where the keyword search continues.
    private static int MatchAssignment(string text, int at, bool passwords, bool secrets, List<SecretHit> hits)
    {
        Match m = SecretPatterns.Assignment().Match(text, at);
        if (!m.Success)
        {
            return MatchXmlElement(text, at, passwords, secrets, hits);
        }

        Group kw = m.Groups["kw"];
        bool isPassword = IsPasswordKeyword(kw.ValueSpan);
        ReadOnlySpan<char> name = NameEndingAt(text, kw.Index + kw.Length);
        if ((isPassword ? passwords : secrets) && KeywordStartsName(text, kw) && !IsNonSecretName(name))
        {
            Group q = m.Groups["q"];
            bool quoted = q.Success;
            Group v = quoted ? q : m.Groups["u"];
            int length = v.Length;
            int nameStart = kw.Index + kw.Length - name.Length;
            if (!quoted && nameStart > 0 && text[nameStart - 1] is '?' or '&')
            {
                // A URL query parameter (?user=app&password=...): the value ends at the next parameter.
                int amp = v.ValueSpan.IndexOf('&');
                length = amp < 0 ? length : amp;
            }

            ReadOnlySpan<char> value = text.AsSpan(v.Index, length);
            bool envStyle = !quoted && IsEnvName(name) && text.AsSpan(kw.Index + kw.Length).TrimStart("\"'`]").StartsWith("=");
            if (IsPlausibleValue(value, name, isPassword, quoted, envStyle))
            {
                hits.Add(new(isPassword ? SecretKind.PasswordAssignment : SecretKind.SecretAssignment, v.Index, length, isPassword ? PasswordPriority : SecretPriority));
            }
        }

        return m.Index + m.Length;
    }

    // <db.password>value</db.password> with the keyword ending the element name.
    private static int MatchXmlElement(string text, int at, bool passwords, bool secrets, List<SecretHit> hits)
    {
        Match m = SecretPatterns.XmlElementAssignment().Match(text, at);
        if (!m.Success)
        {
            return at + 1;
        }

        Group kw = m.Groups["kw"];
        ReadOnlySpan<char> name = NameEndingAt(text, kw.Index + kw.Length);
        int open = kw.Index + kw.Length - name.Length - 1;
        int close = m.Index + m.Length;
        bool wellFormed = open >= 0 && text[open] == '<'
            && text.AsSpan(close).StartsWith(name, StringComparison.Ordinal)
            && close + name.Length < text.Length && text[close + name.Length] == '>';
        bool isPassword = IsPasswordKeyword(kw.ValueSpan);
        Group v = m.Groups["q"];
        if (wellFormed && (isPassword ? passwords : secrets) && IsPlausibleValue(v.ValueSpan, name, isPassword, quoted: true, envStyle: false))
        {
            hits.Add(new(isPassword ? SecretKind.PasswordAssignment : SecretKind.SecretAssignment, v.Index, v.Length, isPassword ? PasswordPriority : SecretPriority));
        }

        return close;
    }

    // Authorization: Bearer <token> / Basic <base64 user:password>.
    private static int MatchAuthorization(string text, int at, bool secrets, List<SecretHit> hits)
    {
        Match m = SecretPatterns.AuthorizationCredential().Match(text, at);
        if (!m.Success)
        {
            return at + 1;
        }

        Group v = m.Groups["v"];
        bool basic = (m.Groups["scheme"].ValueSpan[1] | 0x20) == 'a';
        if (secrets && (basic ? IsBasicCredential(v.ValueSpan) : IsBearerCredential(v.ValueSpan)))
        {
            hits.Add(new(SecretKind.SecretAssignment, v.Index, v.Length, SecretPriority));
        }

        return m.Index + m.Length;
    }

    private static bool IsPasswordKeyword(ReadOnlySpan<char> kw) => (kw[0] | 0x20) == 'p' && (kw[1] | 0x20) != 'r';

    // The identifier the keyword ends: "DB_PASSWORD" for the keyword "PASSWORD".
    private static ReadOnlySpan<char> NameEndingAt(string text, int end)
    {
        int start = end;
        while (start > 0 && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is '_' or '-' or '.'))
        {
            start--;
        }

        return text.AsSpan(start, end - start);
    }

    // Short keywords must start a word: "dbPass" and "DB_PASS" count, "compass" and "bypass" do not.
    private static bool KeywordStartsName(string text, Group kw)
    {
        if (kw.Length > 4 || kw.Index == 0)
        {
            return true;
        }

        char before = text[kw.Index - 1];
        if (!char.IsAsciiLetter(before))
        {
            return true;
        }

        return char.IsAsciiLetterLower(before) && char.IsAsciiLetterUpper(text[kw.Index]);
    }

    // PublicKeyToken, publicKey, nextPageToken, cancellationToken, eos_token: names of things that are not secret.
    private static bool IsNonSecretName(ReadOnlySpan<char> name)
    {
        if (name.Contains("public", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!name.EndsWith("token", StringComparison.OrdinalIgnoreCase) || name.Length > 64)
        {
            return false;
        }

        Span<char> compact = stackalloc char[name.Length];
        int n = 0;
        foreach (char c in name)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                compact[n++] = char.ToLowerInvariant(c);
            }
        }

        ReadOnlySpan<char> lowered = compact[..n];
        foreach (string suffix in NonSecretTokenNames)
        {
            if (lowered.EndsWith(suffix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsEnvName(ReadOnlySpan<char> name) =>
        name.Length > 0 && char.IsAsciiLetterUpper(name[0]) && !name.ContainsAnyInRange('a', 'z') && name.IndexOfAny('.', '-') < 0;

    private static bool IsPlausibleValue(ReadOnlySpan<char> value, ReadOnlySpan<char> name, bool isPassword, bool quoted, bool envStyle)
    {
        value = value.Trim();
        if (value.IsEmpty || SecretValueRules.IsPlaceholder(value) || value.ContainsAny(' ', '\t') || SecretValueRules.IsPath(value))
        {
            return false;
        }

        // The name itself, or a made-up value that says what it is ("SuperSecretToken", "mypassword1").
        if (value.Equals(name, StringComparison.OrdinalIgnoreCase) || value.IndexOfAny(SelfDescribingValues) >= 0)
        {
            return false;
        }

        if (isPassword)
        {
            if (value.Length < 4 || (SecretValueRules.IsAllDigits(value) && value.Length < 6))
            {
                return false;
            }
        }
        else if (value.Length < 8 || SecretValueRules.IsAllDigits(value))
        {
            return false;
        }

        if (quoted || envStyle)
        {
            return isPassword
                ? !SecretValueRules.IsCapitalisedWord(value) || envStyle
                : !SecretValueRules.IsSingleCaseName(value);
        }

        // Unquoted in code or prose: a literal only when it cannot be read as an identifier or expression.
        if (SecretValueRules.IsCodeExpression(value))
        {
            return false;
        }

        return isPassword
            ? SecretValueRules.HasDigit(value) || !SecretValueRules.HasLetter(value) || value.ContainsAny("!#%^&*+=~?@$")
            : SecretValueRules.HasDigit(value) && SecretValueRules.HasLetter(value);
    }

    private static bool IsBasicCredential(ReadOnlySpan<char> value)
    {
        Span<byte> bytes = stackalloc byte[Math.Min(1024, Base64.GetMaxDecodedFromUtf8Length(value.Length))];
        if (value.Length > 1024 || !Convert.TryFromBase64Chars(value, bytes, out int written) || written < 3)
        {
            return false;
        }

        ReadOnlySpan<byte> decoded = bytes[..written];
        int colon = decoded.IndexOf((byte)':');
        return colon > 0 && colon < written - 1 && decoded.IndexOfAnyInRange((byte)0, (byte)31) < 0;
    }

    private static bool IsBearerCredential(ReadOnlySpan<char> value) =>
        !SecretValueRules.IsPlaceholder(value) && SecretValueRules.HasDigit(value) && SecretValueRules.HasLetter(value);

    private static List<SecretHit> ResolveOverlaps(List<SecretHit> hits)
    {
        hits.Sort(static (a, b) => a.Priority != b.Priority ? b.Priority.CompareTo(a.Priority) : b.Length.CompareTo(a.Length));
        var kept = new List<SecretHit>(hits.Count);
        foreach (SecretHit hit in hits)
        {
            bool overlaps = false;
            foreach (SecretHit k in kept)
            {
                if (k.Overlaps(hit))
                {
                    overlaps = true;
                    break;
                }
            }

            if (!overlaps)
            {
                kept.Add(hit);
            }
        }

        kept.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        return kept;
    }

    private static SecretFinding[] ToFindings(string text, List<SecretHit> hits)
    {
        var findings = new SecretFinding[hits.Count];
        int line = 1, lineStart = 0, pos = 0;
        for (int i = 0; i < hits.Count; i++)
        {
            SecretHit h = hits[i];
            while (pos < h.Start)
            {
                int nl = text.IndexOf('\n', pos, h.Start - pos);
                if (nl < 0)
                {
                    break;
                }

                line++;
                lineStart = nl + 1;
                pos = nl + 1;
            }

            findings[i] = new SecretFinding(h.Kind, h.Start, h.Length, line, h.Start - lineStart + 1);
        }

        return findings;
    }
}
