using System.Buffers;

namespace Purser.Tokens;

/// <summary>
/// Byte-pair merging of one pre-tokenised piece: start from single bytes and repeatedly merge the adjacent pair
/// whose concatenation has the lowest rank (the leftmost such pair on a tie) until no adjacent pair is a token.
/// </summary>
/// <remarks>
/// Short pieces use a flat array and a linear scan for the minimum per merge: O(n²) but with tiny constants and no
/// allocation. Long pieces (whitespace runs, minified code, base64, a word repeated without spaces) use a linked
/// list and a min-heap keyed by (rank, start), which gives the same merge order in O(n log n).
/// </remarks>
internal static class BytePairMerger
{
    /// <summary>Pieces longer than this (in bytes) are merged with the heap.</summary>
    internal const int LinearLimit = 128;

    /// <summary>
    /// Merges <paramref name="piece"/> (at least two bytes, not itself a token) and appends the resulting ranks to
    /// <paramref name="output"/> when it is not null. Returns the number of tokens.
    /// </summary>
    public static int Merge(BpeRankTable table, ReadOnlySpan<byte> piece, List<int>? output) =>
        piece.Length <= LinearLimit ? MergeLinear(table, piece, output) : MergeWithHeap(table, piece, output);

    internal static int MergeLinear(BpeRankTable table, ReadOnlySpan<byte> piece, List<int>? output)
    {
        int n = piece.Length;
        int[]? rented = null;
        Span<int> buffer = n <= LinearLimit
            ? stackalloc int[2 * (n + 1)]
            : (rented = ArrayPool<int>.Shared.Rent(2 * (n + 1)));
        try
        {
            // Part i covers piece[starts[i]..starts[i + 1]); ranks[i] is the rank of parts i and i + 1 merged.
            Span<int> starts = buffer[..(n + 1)];
            Span<int> ranks = buffer.Slice(n + 1, n);
            for (int i = 0; i <= n; i++)
            {
                starts[i] = i;
            }

            for (int i = 0; i < n - 1; i++)
            {
                ranks[i] = Rank(table.Lookup(piece.Slice(i, 2)));
            }

            int parts = n;
            while (parts > 1)
            {
                int minRank = int.MaxValue;
                int k = -1;
                for (int i = 0; i < parts - 1; i++)
                {
                    if (ranks[i] < minRank)
                    {
                        minRank = ranks[i];
                        k = i;
                    }
                }

                if (k < 0)
                {
                    break;
                }

                // Merge part k with part k + 1: drop starts[k + 1] and ranks[k + 1].
                starts[(k + 2)..(parts + 1)].CopyTo(starts[(k + 1)..]);
                if (k + 2 < parts - 1)
                {
                    ranks[(k + 2)..(parts - 1)].CopyTo(ranks[(k + 1)..]);
                }

                parts--;
                ranks[k] = k + 1 < parts ? Rank(table.Lookup(piece[starts[k]..starts[k + 2]])) : int.MaxValue;
                if (k > 0)
                {
                    ranks[k - 1] = Rank(table.Lookup(piece[starts[k - 1]..starts[k + 1]]));
                }
            }

            if (output is not null)
            {
                for (int i = 0; i < parts; i++)
                {
                    output.Add(table.Lookup(piece[starts[i]..starts[i + 1]]));
                }
            }

            return parts;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    internal static int MergeWithHeap(BpeRankTable table, ReadOnlySpan<byte> piece, List<int>? output)
    {
        int n = piece.Length;
        int[] next = ArrayPool<int>.Shared.Rent(n);
        int[] prev = ArrayPool<int>.Shared.Rent(n);
        int[] pairRank = ArrayPool<int>.Shared.Rent(n);

        // Every merge pushes at most two entries; the initial pairs are at most n - 1.
        long[] heap = ArrayPool<long>.Shared.Rent(3 * n);
        try
        {
            // Node i starts at byte i while alive; next[i] is the start of the following node (n at the end).
            // pairRank[i] is the rank of node i merged with its successor, or -1.
            int heapSize = 0;
            for (int i = 0; i < n; i++)
            {
                next[i] = i + 1;
                prev[i] = i - 1;
                pairRank[i] = i + 1 < n ? table.Lookup(piece.Slice(i, 2)) : -1;
                if (pairRank[i] >= 0)
                {
                    heap[heapSize++] = Entry(pairRank[i], i);
                }
            }

            for (int i = (heapSize - 2) / 4; i >= 0; i--)
            {
                SiftDown(heap, heapSize, i);
            }

            int parts = n;
            while (heapSize > 0)
            {
                long top = heap[0];
                heap[0] = heap[--heapSize];
                SiftDown(heap, heapSize, 0);

                int rank = (int)(top >> 32);
                int i = (int)(uint)top;
                if (pairRank[i] != rank)
                {
                    continue; // stale: node i died or its pair changed (a rank names one byte string, so equal is current)
                }

                int j = next[i];
                int k = next[j];
                next[i] = k;
                if (k < n)
                {
                    prev[k] = i;
                }

                pairRank[j] = -1;
                parts--;

                pairRank[i] = k < n ? table.Lookup(piece[i..next[k]]) : -1;
                if (pairRank[i] >= 0)
                {
                    Push(heap, ref heapSize, Entry(pairRank[i], i));
                }

                int p = prev[i];
                if (p >= 0)
                {
                    pairRank[p] = table.Lookup(piece[p..k]);
                    if (pairRank[p] >= 0)
                    {
                        Push(heap, ref heapSize, Entry(pairRank[p], p));
                    }
                }
            }

            if (output is not null)
            {
                for (int i = 0; i < n; i = next[i])
                {
                    output.Add(table.Lookup(piece[i..next[i]]));
                }
            }

            return parts;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(next);
            ArrayPool<int>.Shared.Return(prev);
            ArrayPool<int>.Shared.Return(pairRank);
            ArrayPool<long>.Shared.Return(heap);
        }
    }

    private static int Rank(int rank) => rank < 0 ? int.MaxValue : rank;

    /// <summary>Orders by rank, then by start, so the heap's minimum is the tiktoken choice (lowest rank, leftmost).</summary>
    private static long Entry(int rank, int start) => ((long)rank << 32) | (uint)start;

    // A 4-ary min-heap: half the depth of a binary heap, and a node's children share a cache line.
    private static void Push(long[] heap, ref int size, long entry)
    {
        int i = size++;
        while (i > 0)
        {
            int parent = (i - 1) >> 2;
            if (heap[parent] <= entry)
            {
                break;
            }

            heap[i] = heap[parent];
            i = parent;
        }

        heap[i] = entry;
    }

    private static void SiftDown(long[] heap, int size, int i)
    {
        long entry = heap[i];
        while (true)
        {
            int first = (4 * i) + 1;
            if (first >= size)
            {
                break;
            }

            int child = first;
            long min = heap[first];
            int last = Math.Min(first + 4, size);
            for (int c = first + 1; c < last; c++)
            {
                if (heap[c] < min)
                {
                    min = heap[c];
                    child = c;
                }
            }

            if (min >= entry)
            {
                break;
            }

            heap[i] = min;
            i = child;
        }

        heap[i] = entry;
    }
}
