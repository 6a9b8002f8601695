using System.Buffers;

namespace Purser.Guards;

/// <summary>
/// Finds long random-looking tokens: runs of base64/base64url characters whose Shannon entropy is high,
/// that mix upper case, lower case and digits, and that are not hex (git SHAs, UUIDs, digests), file
/// paths, data URIs or integrity hashes. One linear pass, no regex.
/// </summary>
internal static class HighEntropyDetector
{
    private static readonly bool[] TokenCharTable = BuildTokenCharTable();

    private static readonly SearchValues<char> HexAndDash = SearchValues.Create("0123456789abcdefABCDEF-");

    private static readonly SearchValues<char> Base62 = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    // Words just before a token that say it is a digest or an encoded blob, not a credential.
    private static readonly SearchValues<string> DigestContext = SearchValues.Create(
        ["hash", "sha1", "sha256", "sha384", "sha512", "md5", "digest", "checksum", "integrity", "base64,", "h1:", "etag", "nonce", "fingerprint", "ssh-", "ecdsa-sha2", "pubkey", "bh="],
        StringComparison.OrdinalIgnoreCase);

    private const int ContextWindow = 48;

    private const int MinRandomChars = 12;

    private const int MinPiece = 4;

    private static readonly SearchValues<char> UrlDelimiters = SearchValues.Create(" \t\r\n\"'`<>()[]{}");

    // Prefixes of object ids (Anthropic msg_/toolu_/req_, OpenAI chatcmpl-/call_/asst_/org-, Stripe cus_/pi_/pk_...):
    // random, but identifiers, not credentials. Secret prefixes (sk-, ghp_, xoxb-...) have their own detectors.
    private static readonly HashSet<string> IdPrefixes = new(StringComparer.Ordinal)
    {
        "msg", "toolu", "srvtoolu", "req", "call", "chatcmpl", "cmpl", "run", "step", "thread", "asst", "file", "batch", "resp",
        "fc", "ft", "ftjob", "vs", "org", "proj", "user", "cus", "pi", "pm", "evt", "ch", "in", "ii", "sub", "si", "price",
        "prod", "acct", "txn", "tr", "po", "py", "seti", "src", "tok", "pk", "card", "ba", "re", "cs",
    };

    private static readonly SearchValues<char> Separators = SearchValues.Create("-_/+=");

    // The 120 most frequent letter pairs inside words of the .NET reference documentation (about 88% of all
    // pairs there); a random pair of letters is one of them with probability 120/676.
    private const string CommonBigramList =
        "ac ad ag al am an ar as at be ca ce ch ci co cr ct cu da de di ea ec ed ee ef el em en ep er es et ex fi fo ge ha he ia ic ie if in io is it ke la le li ll lu ma mb me ml mm mp na nc nd ne ng no ns nt nu ob oc od of ol om on op or ot ou pa pe po pr pt ra rd re ri rn ro ry se si so sp ss st su sy ta te th ti to tr ts tu ty ue ul um ur ut va ve wo xc xm yp ys";

    private static readonly bool[] CommonBigrams = BuildCommonBigrams();

    /// <param name="text">The text to scan.</param>
    /// <param name="context">What names the text, when it is a value on its own (a JSON property name): read as the words before it.</param>
    /// <param name="scanner">Thresholds, and the scan of text decoded from base64.</param>
    /// <param name="depth">0 for the text as given; 1 inside decoded text, which is not decoded again.</param>
    /// <param name="hits">Where findings are added.</param>
    /// <param name="priority">The priority of a high-entropy finding.</param>
    public static void Find(string text, string? context, SecretScanner scanner, int depth, List<SecretHit> hits, int priority)
    {
        var scan = new Scan(text, context, scanner, depth, hits, priority);
        int minLength = scanner.EntropyMinLength;

        // Skip search: a run of at least minLength token characters that starts at or after i covers
        // position i + minLength - 1, so when that character is not a token character the whole window
        // is skipped. Invariant: i == 0 or text[i - 1] is not a token character.
        ReadOnlySpan<char> span = text;
        int i = 0;
        while (i + minLength <= span.Length)
        {
            int probe = i + minLength - 1;
            if (!IsTokenChar(span[probe]))
            {
                i = probe + 1;
                continue;
            }

            int start = probe;
            while (start > i && IsTokenChar(span[start - 1]))
            {
                start--;
            }

            int end = probe + 1;
            while (end < span.Length && IsTokenChar(span[end]))
            {
                end++;
            }

            int len = end - start;
            if (len >= minLength && len <= SecretScanner.EntropyMaxLength)
            {
                Consider(scan, start, end);
            }
            else if (len > SecretScanner.EntropyMaxLength && len <= Base64Content.MaxBlobChars && depth == 0)
            {
                ConsiderBlob(scan, start, end);
            }

            i = end + 1;
        }
    }

    private static bool IsTokenChar(char c) => c < 128 && TokenCharTable[c];

    private static void Consider(Scan scan, int start, int end)
    {
        // '=' inside a run separates a name from a value (id=msg_01..., key=value); base64 has it only at the end.
        ReadOnlySpan<char> span = scan.Text;
        int piece = start;
        for (int i = start; i <= end; i++)
        {
            if (i == end || span[i] == '=')
            {
                if (i - piece >= scan.Scanner.EntropyMinLength)
                {
                    ConsiderPiece(scan, start, piece, i);
                }

                piece = i + 1;
            }
        }
    }

    private static void ConsiderPiece(Scan scan, int runStart, int start, int end)
    {
        // Trim separators and padding that are not part of the random body.
        ReadOnlySpan<char> span = scan.Text;
        int s = start, e = end;
        while (s < e && span[s] is '-' or '_' or '/' or '+')
        {
            s++;
        }

        while (e > s && span[e - 1] is '-' or '_' or '/' or '+')
        {
            e--;
        }

        ReadOnlySpan<char> token = span[s..e];
        int minLength = scan.Scanner.EntropyMinLength;
        if (token.Length < minLength || HasIdPrefix(token) || IsDigestOrSymbol(span, runStart, token)
            || !IsCandidate(token, scan.Scanner.EntropyThreshold, minLength)
            || HasDigestContext(span, s, token, scan.Context) || InUrlOrDataUri(span, s) || IsKsuid(token))
        {
            return;
        }

        // Decoded as the whole piece: a leading '/' or '+' trimmed above is base64 data ("/9j/4AAQ..." is a JPEG).
        if (Base64Content.Inspect(span[start..end], start, scan.Scanner, scan.Depth, scan.Hits) == Base64Verdict.Random)
        {
            scan.Hits.Add(new SecretHit(SecretKind.HighEntropy, s, e - s, scan.Priority));
        }
    }

    // A run too long to be a credential (an image, a bundle, an encoded file): only the text it may decode to counts.
    private static void ConsiderBlob(Scan scan, int start, int end)
    {
        ReadOnlySpan<char> blob = scan.Text.AsSpan(start, end - start).TrimEnd('=');
        if (blob.IndexOf('=') >= 0 || InUrlOrDataUri(scan.Text, start) || !StartsAsText(blob))
        {
            return;
        }

        Base64Content.Inspect(blob, start, scan.Scanner, scan.Depth, scan.Hits);
    }

    // The first 48 characters decode to text: worth decoding the whole run.
    private static bool StartsAsText(ReadOnlySpan<char> blob)
    {
        Span<byte> bytes = stackalloc byte[36];
        Span<char> head = stackalloc char[48];
        blob[..48].CopyTo(head);
        if (head.ContainsAny('-', '_'))
        {
            head.Replace('-', '+');
            head.Replace('_', '/');
        }

        return Convert.TryFromBase64Chars(head, bytes, out int written) && EncodedText.IsTextBytes(bytes[..written]);
    }

    /// <summary>
    /// A KSUID (27 base62 digits of a 4-byte timestamp and 16 random bytes, github.com/segmentio/ksuid) whose time
    /// falls in 2017-2030: random, but an identifier. The price: about 6 % of random 27-character base62 tokens
    /// decode to such a time and are not reported by this detector (a named one still is, as an assignment).
    /// </summary>
    private static bool IsKsuid(ReadOnlySpan<char> token) =>
        token.Length == 27 && !token.ContainsAnyExcept(Base62) && Ksuid.HasPlausibleTime(token);

    private readonly record struct Scan(string Text, string? Context, SecretScanner Scanner, int Depth, List<SecretHit> Hits, int Priority);

    private static bool[] BuildTokenCharTable()
    {
        var table = new bool[128];
        foreach (char c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-")
        {
            table[c] = true;
        }

        return table;
    }

    internal static bool IsCandidate(ReadOnlySpan<char> token, double threshold, int minLength)
    {
        if (token.IndexOfAnyExcept(HexAndDash) < 0)
        {
            return false; // git SHAs, UUIDs, hex digests and colours
        }

        if (!SecretValueRules.HasDigit(token) || !SecretValueRules.HasUpperAndLower(token) || ShannonEntropy(token) < threshold)
        {
            return false;
        }

        // Judge the pieces between separators: a path, a dashed name or an expression is made of words;
        // a credential is made of random pieces. Count the random-looking pieces (not words, not hex).
        int randomChars = 0, upper = 0, lower = 0;
        foreach (Range r in token.SplitAny(Separators))
        {
            ReadOnlySpan<char> segment = token[r];
            if (segment.Length < MinPiece || segment.IndexOfAnyExcept(HexAndDash) < 0 || IsWordLike(segment) || IsSequential(segment))
            {
                continue;
            }

            int u = 0, l = 0;
            foreach (char c in segment)
            {
                u += char.IsAsciiLetterUpper(c) ? 1 : 0;
                l += char.IsAsciiLetterLower(c) ? 1 : 0;
            }

            // A piece with a single stray lower-case letter is an encoded constant (texinfo's SIV_002dCMAC), not noise.
            if (u >= 1 && (l >= 2 || segment.Length >= 16))
            {
                randomChars += segment.Length;
                upper += u;
                lower += l;
            }
        }

        // At least two capitals and two lower-case letters in the random part: random base62 nearly always
        // has them, while constants with a stray letter (005fCOUNTER32) do not.
        return randomChars >= Math.Max(MinRandomChars, minLength / 2) && upper >= 2 && lower >= 2;
    }

    /// <summary>
    /// True when the text reads as words (an identifier such as <c>TryExportPkcs8PrivateKey</c>): three
    /// quarters of its letters sit in camel-case words (an optional capital and two or more lower-case
    /// letters) and at least 35% of the letter pairs inside those words are common in English. Random base62
    /// text rarely does both (measured: 0.8% of random 12- to 40-character segments, 0.6% at 24, 0.1% at 40).
    /// Acronyms (runs of three or more capitals) are left out, so <c>RSAPKCS1KeyExchange</c> reads as words.
    /// </summary>
    internal static bool IsWordLike(ReadOnlySpan<char> text)
    {
        var counts = new WordCounts();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsAsciiLetterUpper(c))
            {
                int runStart = i;
                while (i < text.Length && char.IsAsciiLetterUpper(text[i]))
                {
                    i++;
                }

                // An acronym (RSA, HTTP in HTTPServer) is neither word nor noise: left out of the count.
                bool camelFollows = i < text.Length && char.IsAsciiLetterLower(text[i]);
                int capitals = i - runStart - (camelFollows ? 1 : 0);
                if (capitals < 3)
                {
                    counts.Letters += capitals;
                }

                if (camelFollows)
                {
                    i = CountWord(text, i - 1, i, ref counts);
                }
            }
            else if (char.IsAsciiLetterLower(c))
            {
                i = CountWord(text, i, i, ref counts);
            }
            else
            {
                i++;
            }
        }

        return counts.Letters > 0 && counts.WordLetters * 4 >= counts.Letters * 3
            && counts.Pairs > 0 && counts.CommonPairs * 20 >= counts.Pairs * 7;
    }

    // Counts the word starting at wordStart whose lower-case run starts at lowerStart; returns its end.
    private static int CountWord(ReadOnlySpan<char> text, int wordStart, int lowerStart, ref WordCounts counts)
    {
        int i = lowerStart;
        while (i < text.Length && char.IsAsciiLetterLower(text[i]))
        {
            i++;
        }

        counts.Letters += i - wordStart;
        if (i - lowerStart >= 2)
        {
            counts.WordLetters += i - wordStart;
            for (int k = wordStart + 1; k < i; k++)
            {
                counts.Pairs++;
                if (CommonBigrams[((text[k - 1] | 0x20) - 'a') * 26 + (text[k] - 'a')])
                {
                    counts.CommonPairs++;
                }
            }
        }

        return i;
    }

    private struct WordCounts
    {
        public int Letters;
        public int WordLetters;
        public int Pairs;
        public int CommonPairs;
    }

    // ABCDEFGH..., abcdefgh..., 0123456789: alphabets and counting, not secrets.
    private static bool IsSequential(ReadOnlySpan<char> text)
    {
        int steps = 0;
        for (int i = 1; i < text.Length; i++)
        {
            if (text[i] == text[i - 1] + 1)
            {
                steps++;
            }
        }

        return steps * 2 >= text.Length;
    }

    private static bool[] BuildCommonBigrams()
    {
        var table = new bool[26 * 26];
        foreach (string pair in CommonBigramList.Split(' '))
        {
            table[(pair[0] - 'a') * 26 + (pair[1] - 'a')] = true;
        }

        return table;
    }

    // Subresource-integrity values (sha384-...) and C++ mangled symbols (_ZN4node...).
    private static bool IsDigestOrSymbol(ReadOnlySpan<char> span, int runStart, ReadOnlySpan<char> token) =>
        token.StartsWith("sha1-") || token.StartsWith("sha256-") || token.StartsWith("sha384-") || token.StartsWith("sha512-")
        || span[runStart..].StartsWith("_Z");

    // A host or path segment of a URL (https://docs.google.com/document/d/1rda...) or of an absolute path is an id,
    // and a data URI is data; query values, and webhook URLs whose path is the credential, are still checked.
    private static bool InUrlOrDataUri(ReadOnlySpan<char> text, int tokenStart)
    {
        int from = Math.Max(0, tokenStart - 2048);
        ReadOnlySpan<char> before = text[from..tokenStart];
        int wordStart = before.LastIndexOfAny(UrlDelimiters) + 1;
        ReadOnlySpan<char> word = before[wordStart..];
        if (word.Contains("base64", StringComparison.OrdinalIgnoreCase))
        {
            return true; // inside a data URI, possibly URL-encoded (data:image/png;base64%2CiVBOR...)
        }

        if (word.StartsWith('/') && !word.Contains("hook", StringComparison.OrdinalIgnoreCase))
        {
            return true; // a segment of an absolute path (GET /api/v1/runs/2Fk.../steps, /_next/static/...)
        }

        int scheme = word.IndexOf("://", StringComparison.Ordinal);
        ReadOnlySpan<char> afterScheme = scheme > 0 ? word[(scheme + 3)..] : default;
        return scheme > 0 && afterScheme.IndexOfAny('?', '#', '@') < 0
            && !afterScheme.Contains("hook", StringComparison.OrdinalIgnoreCase);
    }

    private static bool HasIdPrefix(ReadOnlySpan<char> token)
    {
        int sep = token.IndexOfAny('_', '-');
        if (sep < 2 || sep > 10)
        {
            return false;
        }

        ReadOnlySpan<char> prefix = token[..sep];
        if (prefix.ContainsAnyExceptInRange('a', 'z'))
        {
            return false;
        }

        return IdPrefixes.GetAlternateLookup<ReadOnlySpan<char>>().Contains(prefix);
    }

    // The words just before the token, and its own leading word (nonce-..., sha256:...), name a digest or encoding.
    private static bool HasDigestContext(ReadOnlySpan<char> text, int tokenStart, ReadOnlySpan<char> token, string? context)
    {
        int lead = token.IndexOfAny(Separators);
        int end = tokenStart + (lead is > 0 and <= 16 ? lead + 1 : 0);
        int from = Math.Max(0, tokenStart - ContextWindow);
        ReadOnlySpan<char> before = text[from..end];
        int nl = before.LastIndexOf('\n');
        if (nl >= 0)
        {
            before = before[(nl + 1)..];
        }

        return before.IndexOfAny(DigestContext) >= 0
            || (nl < 0 && from == 0 && context is not null && context.AsSpan().IndexOfAny(DigestContext) >= 0);
    }

    /// <summary>Shannon entropy of the token's character distribution, in bits per character.</summary>
    internal static double ShannonEntropy(ReadOnlySpan<char> token)
    {
        Span<int> counts = stackalloc int[128];
        counts.Clear();
        int n = 0;
        foreach (char c in token)
        {
            if (c < 128)
            {
                counts[c]++;
                n++;
            }
        }

        if (n == 0)
        {
            return 0;
        }

        double h = 0;
        foreach (int count in counts)
        {
            if (count > 0)
            {
                double p = (double)count / n;
                h -= p * Math.Log2(p);
            }
        }

        return h;
    }
}
