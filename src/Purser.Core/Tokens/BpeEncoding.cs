using System.Buffers;
using System.Collections.Frozen;
using System.Text;

namespace Purser.Tokens;

/// <summary>
/// An OpenAI byte-level BPE encoding (<c>o200k_base</c> or <c>cl100k_base</c>): exact token ids and counts, matching
/// OpenAI's reference tokenizer (tiktoken). Thread-safe; the rank data loads on first use.
/// </summary>
/// <remarks>
/// Special tokens such as <c>&lt;|endoftext|&gt;</c> are plain text unless <c>allowSpecialTokens</c> is set, which is
/// what counting user content needs: text that merely contains the marker is billed as text.
/// </remarks>
public sealed class BpeEncoding : ITokenCounter
{
    private readonly Lazy<BpeRankTable> _table;
    private readonly bool _o200k;
    private readonly KeyValuePair<string, int>[] _specialList;
    private readonly FrozenDictionary<int, byte[]> _specialBytes;

    private BpeEncoding(string name, bool o200k, Dictionary<string, int> specialTokens)
    {
        Name = name;
        _o200k = o200k;
        _table = new Lazy<BpeRankTable>(() => BpeRankTable.LoadEmbedded(name), LazyThreadSafetyMode.ExecutionAndPublication);
        SpecialTokens = specialTokens.ToFrozenDictionary(StringComparer.Ordinal);
        _specialList = [.. specialTokens];
        _specialBytes = specialTokens.ToFrozenDictionary(p => p.Value, p => Encoding.UTF8.GetBytes(p.Key));
    }

    /// <summary>The encoding of GPT-4o, GPT-4.1, GPT-4.5, GPT-5 and the o-series.</summary>
    public static BpeEncoding O200kBase { get; } = new("o200k_base", o200k: true, new()
    {
        ["<|endoftext|>"] = 199999,
        ["<|endofprompt|>"] = 200018,
    });

    /// <summary>The encoding of GPT-4, GPT-3.5 Turbo and the text-embedding-3 models.</summary>
    public static BpeEncoding Cl100kBase { get; } = new("cl100k_base", o200k: false, new()
    {
        ["<|endoftext|>"] = 100257,
        ["<|fim_prefix|>"] = 100258,
        ["<|fim_middle|>"] = 100259,
        ["<|fim_suffix|>"] = 100260,
        ["<|endofprompt|>"] = 100276,
    });

    /// <summary>The encoding's name, as tiktoken spells it.</summary>
    public string Name { get; }

    /// <summary>The special tokens and their ids.</summary>
    public IReadOnlyDictionary<string, int> SpecialTokens { get; }

    /// <summary>Number of ordinary (non-special) tokens.</summary>
    public int OrdinaryTokenCount => Table.Count;

    string ITokenCounter.Method => Name;

    bool ITokenCounter.IsExact => true;

    internal BpeRankTable Table => _table.Value;

    internal bool IsLoaded => _table.IsValueCreated;

    /// <summary>The encoding named <paramref name="name"/> (<c>o200k_base</c> or <c>cl100k_base</c>), or null.</summary>
    public static BpeEncoding? ByName(string name) => name.ToLowerInvariant() switch
    {
        "o200k_base" => O200kBase,
        "cl100k_base" => Cl100kBase,
        _ => null,
    };

    /// <summary>Encodes <paramref name="text"/> into token ids.</summary>
    /// <param name="text">The text; lone surrogates are encoded as U+FFFD, as the reference does.</param>
    /// <param name="allowSpecialTokens">When true, occurrences of the special token strings become their ids.</param>
    public int[] Encode(string text, bool allowSpecialTokens = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new List<int>((text.Length / 3) + 16);
        if (!allowSpecialTokens)
        {
            EncodeOrdinary(text, output);
            return [.. output];
        }

        int start = 0;
        while (true)
        {
            int found = -1;
            KeyValuePair<string, int> special = default;
            foreach (KeyValuePair<string, int> candidate in _specialList)
            {
                int at = text.IndexOf(candidate.Key, start, StringComparison.Ordinal);
                if (at >= 0 && (found < 0 || at < found))
                {
                    found = at;
                    special = candidate;
                }
            }

            if (found < 0)
            {
                EncodeOrdinary(text.AsSpan(start), output);
                return [.. output];
            }

            EncodeOrdinary(text.AsSpan(start, found - start), output);
            output.Add(special.Value);
            start = found + special.Key.Length;
        }
    }

    /// <summary>Counts the tokens of <paramref name="text"/> (special token strings count as plain text) without building the token list.</summary>
    public int CountTokens(ReadOnlySpan<char> text) => EncodeOrdinary(text, output: null);

    /// <summary>Counts the tokens of <paramref name="text"/>; the result is exact.</summary>
    public TokenCount Count(ReadOnlySpan<char> text) => new(CountTokens(text), IsExact: true, Name);

    /// <summary>Turns token ids back into text. Ids that end inside a UTF-8 sequence decode to U+FFFD.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is neither an ordinary nor a special token of this encoding.</exception>
    public string Decode(ReadOnlySpan<int> tokens)
    {
        BpeRankTable table = Table;
        int total = 0;
        foreach (int token in tokens)
        {
            total += TokenBytes(table, token).Length;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(total, 1));
        try
        {
            int offset = 0;
            foreach (int token in tokens)
            {
                ReadOnlySpan<byte> bytes = TokenBytes(table, token);
                bytes.CopyTo(buffer.AsSpan(offset));
                offset += bytes.Length;
            }

            return Encoding.UTF8.GetString(buffer, 0, total);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Loads the rank data now instead of on first use (e.g. at start-up).</summary>
    public void Preload() => _ = Table;

    public override string ToString() => Name;

    private ReadOnlySpan<byte> TokenBytes(BpeRankTable table, int token)
    {
        if (table.Contains(token))
        {
            return table.GetBytes(token);
        }

        return _specialBytes.TryGetValue(token, out byte[]? special)
            ? special
            : throw new ArgumentOutOfRangeException(nameof(token), token, $"Not a token of {Name}.");
    }

    private int EncodeOrdinary(ReadOnlySpan<char> text, List<int>? output)
    {
        if (text.IsEmpty)
        {
            return 0;
        }

        BpeRankTable table = Table;
        const int StackLimit = 1024;
        int byteCount = text.Length <= StackLimit / 3 ? Encoding.UTF8.GetMaxByteCount(text.Length) : Encoding.UTF8.GetByteCount(text);
        byte[]? rented = null;
        Span<byte> utf8 = byteCount <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(byteCount));
        try
        {
            int written = Encoding.UTF8.GetBytes(text, utf8);
            return EncodeUtf8(table, utf8[..written], output);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private int EncodeUtf8(BpeRankTable table, ReadOnlySpan<byte> s, List<int>? output)
    {
        int count = 0;
        int pos = 0;
        while (pos < s.Length)
        {
            int end = _o200k ? PreTokenizer.NextO200k(s, pos) : PreTokenizer.NextCl100k(s, pos);
            ReadOnlySpan<byte> piece = s[pos..end];
            pos = end;

            // Most pieces are whole tokens: one lookup, no merging.
            int rank = piece.Length == 1 ? table.ByteRank(piece[0]) : table.Lookup(piece);
            if (rank >= 0)
            {
                output?.Add(rank);
                count++;
            }
            else
            {
                count += BytePairMerger.Merge(table, piece, output);
            }
        }

        return count;
    }
}
