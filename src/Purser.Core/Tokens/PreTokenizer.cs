using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Purser.Tokens;

/// <summary>
/// Splits UTF-8 text into the pieces that byte-pair merging works on, exactly as the encodings'
/// published pre-tokenisation regexes do.
/// </summary>
/// <remarks>
/// <para>cl100k_base:
/// <c>(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+</c></para>
/// <para>o200k_base:
/// <c>[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+</c></para>
/// <para>These are hand-compiled into scanners instead of run through <see cref="System.Text.RegularExpressions.Regex"/>:
/// .NET regexes match UTF-16 code units, so <c>\p{L}</c> and <c>\p{N}</c> never match a letter or digit outside the
/// Basic Multilingual Plane (𝐀, 𠀀, 𝟏) and the optional one-character prefix can take half of an emoji's surrogate
/// pair ("😀abc" must be one piece). The reference engine works on code points; so do these scanners. They also
/// run without backtracking and allocate nothing. Each branch below names the alternative it implements; the
/// alternatives are tried in order and the first that matches wins, as in a backtracking regex engine.</para>
/// <para><c>\s</c> is Unicode White_Space (the same set as .NET's <c>\s</c>); <c>(?i)'s</c> also matches <c>'ſ</c>
/// (U+017F folds to s), as the reference does. Character categories come from .NET's Unicode tables, which can
/// differ from the reference's only for code points assigned in a newer Unicode version.</para>
/// </remarks>
internal static class PreTokenizer
{
    // Character class flags.
    private const int Letter = 1;       // \p{L}
    private const int Upperish = 2;     // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
    private const int Lowerish = 4;     // [\p{Ll}\p{Lm}\p{Lo}\p{M}]
    private const int Number = 8;       // \p{N}
    private const int Space = 16;       // \s
    private const int Newline = 32;     // [\r\n]

    private static readonly byte[] AsciiClasses = BuildAsciiClasses();

    /// <summary>The end (exclusive) of the cl100k_base piece that starts at <paramref name="pos"/>.</summary>
    public static int NextCl100k(ReadOnlySpan<byte> s, int pos)
    {
        int c = Classify(s, pos, out int len);
        int next = pos + len;

        // (?i:'s|'t|'re|'ve|'m|'ll|'d)
        if (s[pos] == (byte)'\'')
        {
            int end = MatchContraction(s, pos);
            if (end > 0)
            {
                return end;
            }
        }

        // [^\r\n\p{L}\p{N}]?\p{L}+
        if (IsPrefix(c) && next < s.Length && (Classify(s, next, out int len2) & Letter) != 0)
        {
            return RunOf(s, next + len2, Letter);
        }

        if ((c & Letter) != 0)
        {
            return RunOf(s, next, Letter);
        }

        // \p{N}{1,3}
        if ((c & Number) != 0)
        {
            return Digits(s, next);
        }

        // ' ?[^\s\p{L}\p{N}]+[\r\n]*'
        int punctuation = MatchPunctuation(s, pos, c, next, allowSlash: false);
        if (punctuation > 0)
        {
            return punctuation;
        }

        // \s*[\r\n]+|\s+(?!\S)|\s+
        return MatchWhitespace(s, pos);
    }

    /// <summary>The end (exclusive) of the o200k_base piece that starts at <paramref name="pos"/>.</summary>
    public static int NextO200k(ReadOnlySpan<byte> s, int pos)
    {
        int c = Classify(s, pos, out int len);
        int next = pos + len;
        bool prefix = IsPrefix(c);

        // [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|...)?
        // The optional prefix is tried taken first, then left out (backtracking order).
        if ((c & (Upperish | Lowerish)) != 0 || prefix)
        {
            int end = prefix ? MatchUpperThenLower(s, next) : -1;
            if (end < 0 && (c & (Upperish | Lowerish)) != 0)
            {
                end = MatchUpperThenLower(s, pos);
            }

            // [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|...)?
            if (end < 0 && prefix)
            {
                end = MatchUpperRun(s, next);
            }

            if (end < 0 && (c & Upperish) != 0)
            {
                end = MatchUpperRun(s, pos);
            }

            if (end > 0)
            {
                if (end < s.Length && s[end] == (byte)'\'')
                {
                    int contraction = MatchContraction(s, end);
                    if (contraction > 0)
                    {
                        end = contraction;
                    }
                }

                return end;
            }
        }

        // \p{N}{1,3}
        if ((c & Number) != 0)
        {
            return Digits(s, next);
        }

        // ' ?[^\s\p{L}\p{N}]+[\r\n/]*'
        int punctuation = MatchPunctuation(s, pos, c, next, allowSlash: true);
        if (punctuation > 0)
        {
            return punctuation;
        }

        // \s*[\r\n]+|\s+(?!\S)|\s+
        return MatchWhitespace(s, pos);
    }

    /// <summary><c>[^\r\n\p{L}\p{N}]</c></summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsPrefix(int c) => (c & (Letter | Number | Newline)) == 0;

    /// <summary><c>[^\s\p{L}\p{N}]</c></summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsPunctuation(int c) => (c & (Letter | Number | Space)) == 0;

    /// <summary>
    /// <c>'s|'t|'re|'ve|'m|'ll|'d</c>, case-insensitive, at <paramref name="pos"/> (which holds an apostrophe).
    /// Returns the end, or -1.
    /// </summary>
    private static int MatchContraction(ReadOnlySpan<byte> s, int pos)
    {
        if (pos + 1 >= s.Length)
        {
            return -1;
        }

        byte b1 = s[pos + 1];
        switch (b1 | 0x20)
        {
            case 's' or 't' or 'm' or 'd':
                return pos + 2;
            case 'r' or 'v':
                return pos + 2 < s.Length && (s[pos + 2] | 0x20) == 'e' ? pos + 3 : -1;
            case 'l':
                return pos + 2 < s.Length && (s[pos + 2] | 0x20) == 'l' ? pos + 3 : -1;
        }

        // U+017F LATIN SMALL LETTER LONG S (C5 BF) case-folds to 's'.
        return b1 == 0xC5 && pos + 2 < s.Length && s[pos + 2] == 0xBF ? pos + 3 : -1;
    }

    /// <summary>
    /// <c>[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+</c> from <paramref name="pos"/>; returns the end, or -1.
    /// When the greedy upper run is not followed by a lower character, the regex gives characters back until the
    /// last one that is also "lower" (Lm, Lo, M) can stand as the one-character lower run.
    /// </summary>
    private static int MatchUpperThenLower(ReadOnlySpan<byte> s, int pos)
    {
        int lastLowerEnd = -1;
        int i = pos;
        while (i < s.Length)
        {
            int c = Classify(s, i, out int len);
            if ((c & Upperish) == 0)
            {
                if ((c & Lowerish) == 0)
                {
                    break;
                }

                // Greedy lower run from here.
                i += len;
                while (i < s.Length && (Classify(s, i, out len) & Lowerish) != 0)
                {
                    i += len;
                }

                return i;
            }

            i += len;
            if ((c & Lowerish) != 0)
            {
                lastLowerEnd = i;
            }
        }

        return lastLowerEnd;
    }

    /// <summary><c>[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*</c> from <paramref name="pos"/>; returns the end, or -1.</summary>
    private static int MatchUpperRun(ReadOnlySpan<byte> s, int pos)
    {
        int i = RunOf(s, pos, Upperish);
        return i == pos ? -1 : RunOf(s, i, Lowerish);
    }

    /// <summary><c>\p{N}{1,3}</c> after the first digit.</summary>
    private static int Digits(ReadOnlySpan<byte> s, int next)
    {
        for (int k = 1; k < 3 && next < s.Length; k++)
        {
            if ((Classify(s, next, out int len) & Number) == 0)
            {
                break;
            }

            next += len;
        }

        return next;
    }

    /// <summary><c> ?[^\s\p{L}\p{N}]+[\r\n]*</c> (or <c>[\r\n/]*</c>); returns the end, or -1.</summary>
    private static int MatchPunctuation(ReadOnlySpan<byte> s, int pos, int c, int next, bool allowSlash)
    {
        int end;
        if (s[pos] == (byte)' ' && next < s.Length && IsPunctuation(Classify(s, next, out int len2)))
        {
            end = RunOfPunctuation(s, next + len2);
        }
        else if (IsPunctuation(c))
        {
            end = RunOfPunctuation(s, next);
        }
        else
        {
            return -1;
        }

        while (end < s.Length && (s[end] == (byte)'\r' || s[end] == (byte)'\n' || (allowSlash && s[end] == (byte)'/')))
        {
            end++;
        }

        return end;
    }

    /// <summary>
    /// <c>\s*[\r\n]+|\s+(?!\S)|\s+</c> at a whitespace character: up to and including the run's last newline if it
    /// has one; else the whole run at the end of the text; else the run but its last character (left to prefix the
    /// next word) when that leaves at least one; else the single whitespace character.
    /// </summary>
    private static int MatchWhitespace(ReadOnlySpan<byte> s, int pos)
    {
        int lastNewlineEnd = -1;
        int lastStart = pos;
        int i = pos;
        while (i < s.Length)
        {
            int c = Classify(s, i, out int len);
            if ((c & Space) == 0)
            {
                break;
            }

            if ((c & Newline) != 0)
            {
                lastNewlineEnd = i + len;
            }

            lastStart = i;
            i += len;
        }

        if (lastNewlineEnd >= 0)
        {
            return lastNewlineEnd;
        }

        if (i == pos)
        {
            // Unreachable (every character is a letter, number, whitespace or other), but never stall the caller.
            Classify(s, pos, out int len);
            return pos + len;
        }

        if (i == s.Length || lastStart == pos)
        {
            return i;
        }

        return lastStart;
    }

    private static int RunOf(ReadOnlySpan<byte> s, int i, int flag)
    {
        while (i < s.Length && (Classify(s, i, out int len) & flag) != 0)
        {
            i += len;
        }

        return i;
    }

    private static int RunOfPunctuation(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && IsPunctuation(Classify(s, i, out int len)))
        {
            i += len;
        }

        return i;
    }

    /// <summary>The class flags of the code point at <paramref name="pos"/>, and its length in bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Classify(ReadOnlySpan<byte> s, int pos, out int len)
    {
        byte b = s[pos];
        if (b < 0x80)
        {
            len = 1;
            return AsciiClasses[b];
        }

        return ClassifyNonAscii(s[pos..], out len);
    }

    private static int ClassifyNonAscii(ReadOnlySpan<byte> s, out int len)
    {
        // Invalid UTF-8 cannot come from a .NET string (the encoder substitutes U+FFFD); if it does, each bad
        // sequence reads as U+FFFD, a symbol.
        Rune.DecodeFromUtf8(s, out Rune rune, out len);
        if (len == 0)
        {
            len = 1;
        }

        return ClassOf(rune);
    }

    internal static int ClassOf(Rune rune)
    {
        switch (Rune.GetUnicodeCategory(rune))
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
                return Letter | Upperish;
            case UnicodeCategory.LowercaseLetter:
                return Letter | Lowerish;
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
                return Letter | Upperish | Lowerish;
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.SpacingCombiningMark:
            case UnicodeCategory.EnclosingMark:
                return Upperish | Lowerish;
            case UnicodeCategory.DecimalDigitNumber:
            case UnicodeCategory.LetterNumber:
            case UnicodeCategory.OtherNumber:
                return Number;
            case UnicodeCategory.SpaceSeparator:
            case UnicodeCategory.LineSeparator:
            case UnicodeCategory.ParagraphSeparator:
                return Space;
            case UnicodeCategory.Control:
                // White_Space controls: U+0009..U+000D, U+0085.
                return rune.Value is >= 0x09 and <= 0x0D or 0x85 ? Space | (rune.Value is '\r' or '\n' ? Newline : 0) : 0;
            default:
                return 0;
        }
    }

    private static byte[] BuildAsciiClasses()
    {
        var classes = new byte[128];
        for (int i = 0; i < 128; i++)
        {
            classes[i] = (byte)ClassOf(new Rune(i));
        }

        return classes;
    }
}
