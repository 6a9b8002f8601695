using System.Buffers;
using System.Globalization;
using System.Text;

namespace Purser.Guards;

/// <summary>
/// Folds text into the form the detectors read, so that characters a reader (or a model) does not see, or reads as
/// the ASCII character of a key, cannot hide a secret: invisible and format characters are removed (zero-width spaces
/// and joiners, word joiners, byte-order marks, soft hyphens, bidirectional controls, tag characters, variation
/// selectors, control characters); look-alike letters are folded to the ASCII letter they imitate (Cyrillic, Greek
/// and Armenian homoglyphs such as <c>А</c>, <c>О</c>, <c>Р</c>, the Kelvin sign, hyphen look-alikes); fullwidth
/// forms (<c>＝</c>, <c>Ａ</c>), mathematical and enclosed letters (<c>𝐀</c>, <c>Ⓐ</c>) are folded as Unicode's
/// compatibility decomposition does; combining marks on an ASCII character are removed.
/// <para>
/// Ordinary text is not copied. The check is one vectorised search for a character outside printable ASCII, a table
/// lookup for each one found, and for a character that folds, a look at its token (the run of characters between
/// spaces): the text is folded only when such a token also holds an ASCII letter or digit, is long and made of
/// look-alikes only, or holds a fullwidth or mathematical letter. Russian or Greek prose, CJK punctuation, emoji and
/// their joiners leave the text as it is; a key with a Cyrillic <c>А</c> or a zero-width space in it does not.
/// </para>
/// </summary>
internal static class SecretTextFolding
{
    // Table values for characters at or above U+0080 (below, the ASCII rules apply).
    private const ushort Unknown = 0;
    private const ushort Keep = 1;
    private const ushort Remove = 2;
    private const ushort Mark = 3;
    private const ushort FoldBase = 0x100; // FoldBase + c: fold to the ASCII character c

    // Printable ASCII and the whitespace controls: never folded.
    private static readonly SearchValues<char> Plain = SearchValues.Create(BuildPlain());

    // How far the token around a folding character is looked at, each way.
    private const int MaxToken = 256;

    // Letter-like symbols that render as one ASCII letter (the Kelvin sign is a K, the Angstrom sign an A) and small
    // form variants of ASCII punctuation: their compatibility decomposition (Unicode's NFKD, which the invariant
    // globalization mode this process runs in does not provide), as pairs of "from" and "to" characters.
    private const string CompatibilityPairs =
        "\u2102" + "C" + "\u210A" + "g" + "\u210B" + "H" + "\u210C" + "H" + "\u210D" + "H" + "\u210E" + "h" + "\u2110" + "I" + "\u2111" + "I" +
        "\u2112" + "L" + "\u2113" + "l" + "\u2115" + "N" + "\u2119" + "P" + "\u211A" + "Q" + "\u211B" + "R" + "\u211C" + "R" + "\u211D" + "R" +
        "\u2124" + "Z" + "\u2128" + "Z" + "\u212A" + "K" + "\u212B" + "A" + "\u212C" + "B" + "\u212D" + "C" + "\u212F" + "e" + "\u2130" + "E" +
        "\u2131" + "F" + "\u2133" + "M" + "\u2134" + "o" + "\u2139" + "i" + "\u2145" + "D" + "\u2146" + "d" + "\u2147" + "e" + "\u2148" + "i" +
        "\u2149" + "j" + "\u24EA" + "0" +
        "\uFE50" + "," + "\uFE52" + "." + "\uFE54" + ";" + "\uFE55" + ":" + "\uFE56" + "?" + "\uFE57" + "!" + "\uFE59" + "(" + "\uFE5A" + ")" +
        "\uFE5B" + "{" + "\uFE5C" + "}" + "\uFE5F" + "#" + "\uFE60" + "&" + "\uFE61" + "*" + "\uFE62" + "+" + "\uFE63" + "-" + "\uFE64" + "<" +
        "\uFE65" + ">" + "\uFE66" + "=" + "\uFE68" + "\\" + "\uFE69" + "$" + "\uFE6A" + "%" + "\uFE6B" + "@";

    // Homoglyphs that Unicode decomposition does not fold (from Unicode's confusables.txt, the letters whose
    // prototype is one ASCII letter or digit and that render alike in common fonts).
    private static readonly (char From, char To)[] LookAlikes =
    [
        // Cyrillic capitals
        ('\u0410', 'A'), ('\u0412', 'B'), ('\u0415', 'E'), ('\u041A', 'K'), ('\u041C', 'M'), ('\u041D', 'H'), ('\u041E', 'O'),
        ('\u0420', 'P'), ('\u0421', 'C'), ('\u0422', 'T'), ('\u0423', 'Y'), ('\u0425', 'X'), ('\u0405', 'S'), ('\u0406', 'I'),
        ('\u0408', 'J'), ('\u04AE', 'Y'), ('\u04C0', 'I'), ('\u051A', 'Q'), ('\u051C', 'W'), ('\u0417', '3'), ('\u04E0', '3'),
        // Cyrillic small letters
        ('\u0430', 'a'), ('\u0435', 'e'), ('\u043E', 'o'), ('\u0440', 'p'), ('\u0441', 'c'), ('\u0443', 'y'), ('\u0445', 'x'),
        ('\u0455', 's'), ('\u0456', 'i'), ('\u0458', 'j'), ('\u04BB', 'h'), ('\u0501', 'd'), ('\u051B', 'q'), ('\u051D', 'w'),
        ('\u04CF', 'l'), ('\u0261', 'g'),
        // Greek capitals and small letters
        ('\u0391', 'A'), ('\u0392', 'B'), ('\u0395', 'E'), ('\u0396', 'Z'), ('\u0397', 'H'), ('\u0399', 'I'), ('\u039A', 'K'),
        ('\u039C', 'M'), ('\u039D', 'N'), ('\u039F', 'O'), ('\u03A1', 'P'), ('\u03A4', 'T'), ('\u03A5', 'Y'), ('\u03A7', 'X'),
        ('\u03BF', 'o'), ('\u03BD', 'v'), ('\u03B1', 'a'), ('\u03B9', 'i'), ('\u03C1', 'p'), ('\u03F2', 'c'), ('\u03F3', 'j'),
        // Armenian, Latin extensions and others
        ('\u0555', 'O'), ('\u0585', 'o'), ('\u057D', 'u'), ('\u0578', 'n'), ('\u0131', 'i'), ('\u0237', 'j'), ('\u01C0', 'l'),
        ('\u2C9E', 'O'), ('\u2C9F', 'o'), ('\u0D20', 'o'), ('\u0CE6', 'o'),
        // Characters that look like the hyphen, slash and colon of a key or an assignment (not the en and em dashes,
        // quotes or middle dots of prose, which a reader tells apart)
        ('\u2010', '-'), ('\u2011', '-'), ('\u2012', '-'), ('\u2212', '-'), ('\u02D7', '-'), ('\u2043', '-'), ('\u2044', '/'),
        ('\u2215', '/'), ('\u29F8', '/'), ('\u2236', ':'), ('\uA789', ':'),
    ];

    // One entry per BMP character: the explicit folds are set up front, the rest (by Unicode category) on first
    // sight, written with the same value by any racing thread.
    private static readonly ushort[] Table = BuildTable();

    private static ushort[] BuildTable()
    {
        var table = new ushort[0x10000];
        void Fold(int from, char to) => table[from] = (ushort)(FoldBase + to);

        for (int c = 0xFF01; c <= 0xFF5E; c++)
        {
            Fold(c, (char)(c - 0xFEE0)); // fullwidth ASCII: ＝ Ａ ｇ
        }

        for (int i = 0; i < 26; i++)
        {
            Fold(0x24B6 + i, (char)('A' + i)); // circled letters
            Fold(0x24D0 + i, (char)('a' + i));
        }

        for (int i = 0; i < 9; i++)
        {
            Fold(0x2460 + i, (char)('1' + i)); // circled digits
        }

        for (int i = 0; i < CompatibilityPairs.Length; i += 2)
        {
            Fold(CompatibilityPairs[i], CompatibilityPairs[i + 1]);
        }

        foreach ((char from, char to) in LookAlikes)
        {
            Fold(from, to);
        }

        return table;
    }

    /// <summary>
    /// The folded text, or null when <paramref name="text"/> holds nothing to fold (then scan it as it is).
    /// </summary>
    public static FoldedText? Fold(string text)
    {
        ReadOnlySpan<char> span = text;
        int i = span.IndexOfAnyExcept(Plain);
        int first = -1; // the first character that folds, where folding starts once a token calls for it
        while (i >= 0)
        {
            ushort action = Classify(span, i, out int width);
            if (action is Remove or >= FoldBase || (action == Mark && i > 0 && IsAsciiWordChar(span[i - 1])))
            {
                first = first < 0 ? i : first;
                if (action == Mark || TokenCallsForFolding(span, i, width, out int tokenEnd))
                {
                    return FoldFrom(text, first);
                }

                i = Math.Max(i + width, tokenEnd); // the rest of this token has been looked at
            }
            else
            {
                i += width;
            }

            int next = i < span.Length ? span[i..].IndexOfAnyExcept(Plain) : -1;
            i = next < 0 ? -1 : i + next;
        }

        return null;
    }

    // The token (the run of non-space characters, up to MaxToken each way) around the folding character at i calls
    // for folding when it also holds an ASCII letter or digit (АKIA..., ghp_\u200B...), when it holds a fullwidth
    // or mathematical letter or a tag character (never in prose outside CJK), or when it is 16 characters or more of
    // which every non-ASCII one folds (a key written only in look-alikes). Words of Cyrillic or Greek prose hold
    // letters that do not fold; CJK punctuation and emoji joiners sit between characters that are not ASCII.
    private static bool TokenCallsForFolding(ReadOnlySpan<char> text, int at, int width, out int tokenEnd)
    {
        int start = at, end = at + width;
        while (start > 0 && at - start < MaxToken && !char.IsWhiteSpace(text[start - 1]))
        {
            start--;
        }

        while (end < text.Length && end - at < MaxToken && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        tokenEnd = end;
        bool allFold = true;
        for (int k = start; k < end; k++)
        {
            char c = text[k];
            if (char.IsAsciiLetterOrDigit(c))
            {
                return true;
            }

            if (c < 0x80)
            {
                continue;
            }

            ushort action = Classify(text, k, out int w);
            if (IsAlwaysFolded(text, k, action))
            {
                return true;
            }

            allFold &= action is Remove or Mark or >= FoldBase;
            k += w - 1;
        }

        return allFold && end - start >= 16;
    }

    // Fullwidth letters and digits, mathematical alphanumerics and tag characters.
    private static bool IsAlwaysFolded(ReadOnlySpan<char> text, int at, ushort action)
    {
        char c = text[at];
        return (c is (>= '\uFF10' and <= '\uFF19') or (>= '\uFF21' and <= '\uFF3A') or (>= '\uFF41' and <= '\uFF5A'))
            || (char.IsHighSurrogate(c) && action != Keep);
    }

    private static FoldedText FoldFrom(string text, int firstChange)
    {
        char[] chars = ArrayPool<char>.Shared.Rent(text.Length);
        int[] map = ArrayPool<int>.Shared.Rent(text.Length + 1);
        text.AsSpan(0, firstChange).CopyTo(chars);
        for (int k = 0; k < firstChange; k++)
        {
            map[k] = k;
        }

        int n = firstChange;
        int i = firstChange;
        while (i < text.Length)
        {
            char c = text[i];
            if (Plain.Contains(c))
            {
                map[n] = i;
                chars[n++] = c;
                i++;
                continue;
            }

            ushort action = Classify(text, i, out int width);
            switch (action)
            {
                case Remove:
                    break;
                case Mark when n > 0 && IsAsciiWordChar(chars[n - 1]):
                    break; // a combining mark on an ASCII letter: a disguise, not a different letter
                case >= FoldBase:
                    map[n] = i;
                    chars[n++] = (char)(action - FoldBase);
                    break;
                default:
                    for (int k = 0; k < width; k++)
                    {
                        map[n] = i + k;
                        chars[n++] = text[i + k];
                    }

                    break;
            }

            i += width;
        }

        map[n] = text.Length;
        string folded = new(chars, 0, n);
        ArrayPool<char>.Shared.Return(chars);
        return new FoldedText(folded, map, text.Length);
    }

    private static bool IsAsciiWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

    // The action for the character (or surrogate pair) at i; width is 2 for a pair.
    private static ushort Classify(ReadOnlySpan<char> text, int i, out int width)
    {
        char c = text[i];
        width = 1;
        if (c < 0x80)
        {
            return Remove; // a control character other than tab, CR and LF
        }

        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            width = 2;
            return ClassifySupplementary(text.Slice(i, 2));
        }

        ushort action = Table[c];
        if (action == Unknown)
        {
            action = ClassifyBmp(c);
            Table[c] = action;
        }

        return action;
    }

    private static ushort ClassifyBmp(char c)
    {
        if (IsInvisible(c))
        {
            return Remove;
        }

        return CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark ? Mark : Keep;
    }

    private static ushort ClassifySupplementary(ReadOnlySpan<char> pair)
    {
        int cp = char.ConvertToUtf32(pair[0], pair[1]);
        return cp switch
        {
            >= 0xE0000 and <= 0xE0FFF => Remove, // tag characters and variation selectors supplement
            // Mathematical alphanumerics: 13 styles of A-Z a-z (bold 𝐀, italic, script, fraktur, double-struck 𝔸,
            // sans-serif, monospace 𝚊...), then dotless ı and ȷ, Greek, and 5 styles of 0-9.
            >= 0x1D400 and < 0x1D6A4 => (ushort)(FoldBase + ((cp - 0x1D400) % 52 is var k && k < 26 ? 'A' + k : 'a' + k - 26)),
            0x1D6A4 => FoldBase + 'i',
            0x1D6A5 => FoldBase + 'j',
            >= 0x1D7CE and <= 0x1D7FF => (ushort)(FoldBase + '0' + ((cp - 0x1D7CE) % 10)),
            // Squared and parenthesised Latin capitals (🄰, 🄐).
            >= 0x1F130 and <= 0x1F149 => (ushort)(FoldBase + 'A' + (cp - 0x1F130)),
            >= 0x1F110 and <= 0x1F129 => (ushort)(FoldBase + 'A' + (cp - 0x1F110)),
            _ => Keep,
        };
    }

    // Unicode's Default_Ignorable_Code_Point characters, format characters and C1 controls: nothing a reader sees.
    private static bool IsInvisible(char c) =>
        c is (>= '\u0080' and <= '\u009F') or '\u00AD' or '\u034F' or '\u061C' or '\u115F' or '\u1160' or '\u17B4' or '\u17B5'
            or (>= '\u180B' and <= '\u180F') or (>= '\u200B' and <= '\u200F') or (>= '\u202A' and <= '\u202E')
            or (>= '\u2060' and <= '\u206F') or '\u3164' or (>= '\uFE00' and <= '\uFE0F') or '\uFEFF' or '\uFFA0'
            or (>= '\uFFF0' and <= '\uFFF8')
        || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    private static string BuildPlain()
    {
        var sb = new StringBuilder("\t\n\r");
        for (char c = ' '; c <= '~'; c++)
        {
            sb.Append(c);
        }

        return sb.ToString();
    }
}
