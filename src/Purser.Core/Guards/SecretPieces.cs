using System.Text.Json.Nodes;

namespace Purser.Guards;

/// <summary>
/// The prompt strings of one request in reading order (system prompt, messages, parts, blocks, tool calls and
/// results, image URLs), guarded one by one and across their boundaries: a secret cut into pieces over several
/// messages or parts is found in the seams, reported once (where it starts, and where it ends), and redacted in every
/// piece that holds part of it. Strings are only joined around each boundary, never as a whole prompt.
/// </summary>
internal sealed class SecretPieces
{
    // How far a token cut at a boundary is followed into the strings on either side.
    private const int MaxRun = 4096;

    // Text kept on each side of the token around a boundary: the name of an assignment, the words before a digest.
    private const int SeamContext = 64;

    private readonly List<Piece> _pieces = [];
    private readonly List<JsonTextOwner> _owners = [];

    /// <summary>A string of the canonical model; <paramref name="write"/> stores its redacted text.</summary>
    public void AddText(string text, string path, Action<string> write) =>
        _pieces.Add(new Piece(text, null, new PieceTarget(null, path, write, null)));

    /// <summary>A string value of a JSON tree, named <paramref name="name"/>; <paramref name="owner"/> when the tree is parsed JSON text.</summary>
    public void AddJsonValue(JsonNode value, string text, string? name, JsonTextOwner? owner) =>
        _pieces.Add(new Piece(text, name, new PieceTarget(value, null, null, owner)));

    /// <summary>JSON text (tool-call arguments) whose values were added as pieces: re-serialised into its target when one of them changes.</summary>
    public void AddOwner(JsonTextOwner owner) => _owners.Add(owner);

    /// <summary>
    /// Scans every piece and the seams between them; in redact mode replaces each secret with its placeholder in
    /// every piece it touches. Returns the findings, one per secret, with the path of the string each starts in.
    /// </summary>
    public List<SecretFinding> Apply(SecretScanner scanner, bool redact)
    {
        int count = _pieces.Count;
        var spans = new List<SecretFinding>?[count];
        var reported = new List<(int Piece, SecretFinding Finding)>();
        for (int p = 0; p < count; p++)
        {
            Piece piece = _pieces[p];
            IReadOnlyList<SecretFinding> found = scanner.Scan(piece.Text, piece.Context);
            if (found.Count > 0)
            {
                spans[p] = [.. found];
            }
        }

        if (count > 1)
        {
            new Seams(_pieces, spans, scanner).Scan(reported);
        }

        for (int p = 0; p < count; p++)
        {
            foreach (SecretFinding f in spans[p] ?? [])
            {
                if (f.Path is null)
                {
                    reported.Add((p, f)); // a finding of this piece alone (a split secret's parts carry a path)
                }
            }
        }

        reported.Sort(static (a, b) => a.Piece != b.Piece ? a.Piece.CompareTo(b.Piece) : a.Finding.Start.CompareTo(b.Finding.Start));
        var findings = new List<SecretFinding>(reported.Count);
        foreach ((int p, SecretFinding f) in reported)
        {
            findings.Add(f with { Path = _pieces[p].Target.ResolvePath() });
        }

        if (redact)
        {
            for (int p = 0; p < count; p++)
            {
                if (spans[p] is { Count: > 0 } pieceSpans)
                {
                    _pieces[p].Target.Set(SecretScanner.Redact(_pieces[p].Text, pieceSpans));
                }
            }

            // Innermost first: an owner is added after the owners nested in it.
            foreach (JsonTextOwner owner in _owners)
            {
                if (owner.Changed)
                {
                    owner.Target.Set(owner.Root.ToJsonString());
                }
            }
        }

        return findings;
    }

    private readonly record struct Piece(string Text, string? Context, PieceTarget Target);

    /// <summary>The joined text around the boundaries between pieces, scanned window by window.</summary>
    private sealed class Seams
    {
        private readonly List<Piece> _pieces;
        private readonly List<SecretFinding>?[] _spans;
        private readonly SecretScanner _scanner;
        private readonly int[] _offsets; // where each piece starts in the joined text; _offsets[^1] is its length

        public Seams(List<Piece> pieces, List<SecretFinding>?[] spans, SecretScanner scanner)
        {
            _pieces = pieces;
            _spans = spans;
            _scanner = scanner;
            _offsets = new int[pieces.Count + 1];
            for (int p = 0; p < pieces.Count; p++)
            {
                _offsets[p + 1] = _offsets[p] + pieces[p].Text.Length;
            }
        }

        private int Length => _offsets[^1];

        public void Scan(List<(int Piece, SecretFinding Finding)> reported)
        {
            // One window per run of boundaries whose surroundings overlap: [start, end) with the token runs at each
            // boundary (the core: only findings there can come from joining).
            var windows = new List<(int Start, int End, List<(int Start, int End)> Cores)>();
            for (int p = 1; p < _pieces.Count; p++)
            {
                int boundary = _offsets[p];
                if (boundary == 0 || boundary == Length || _offsets[p - 1] == boundary)
                {
                    continue; // an empty piece: its neighbours' boundary is handled once
                }

                int coreStart = boundary - RunLength(boundary, backward: true);
                int coreEnd = boundary + RunLength(boundary, backward: false);
                int start = Math.Max(0, coreStart - SeamContext);
                int end = Math.Min(Length, coreEnd + SeamContext);
                if (windows.Count > 0 && start <= windows[^1].End)
                {
                    (int s, _, List<(int, int)> cores) = windows[^1];
                    cores.Add((coreStart, coreEnd));
                    windows[^1] = (s, Math.Max(end, windows[^1].End), cores);
                }
                else
                {
                    windows.Add((start, end, [(coreStart, coreEnd)]));
                }
            }

            foreach ((int start, int end, List<(int Start, int End)> cores) in windows)
            {
                string window = Join(start, end);
                foreach (SecretFinding f in _scanner.Scan(window))
                {
                    Consider(f.Kind, start + f.Start, start + f.End, cores, reported);
                }
            }
        }

        private void Consider(SecretKind kind, int start, int end, List<(int Start, int End)> cores, List<(int Piece, SecretFinding Finding)> reported)
        {
            int first = PieceAt(start);
            int last = PieceAt(end - 1);
            if (first == last)
            {
                // In one piece: new only when context from a neighbour made it a secret (DB_PASSWORD= | value).
                if (!cores.Exists(c => start < c.End && end > c.Start) || Overlaps(first, start - _offsets[first], end - _offsets[first]))
                {
                    return;
                }

                SecretFinding local = Locate(first, kind, start - _offsets[first], end - start);
                (_spans[first] ??= []).Add(local);
                return;
            }

            if (IsGlue(kind, start, end, first, last))
            {
                return;
            }

            // Split across pieces: each piece's part is redacted (widened over the piece's own findings it overlaps,
            // which it replaces); the secret is reported once, where it starts.
            for (int p = first; p <= last; p++)
            {
                int partStart = Math.Max(start, _offsets[p]) - _offsets[p];
                int partEnd = Math.Min(end, _offsets[p + 1]) - _offsets[p];
                if (partEnd <= partStart)
                {
                    continue;
                }

                List<SecretFinding> pieceSpans = _spans[p] ??= [];
                for (int i = pieceSpans.Count - 1; i >= 0; i--)
                {
                    SecretFinding own = pieceSpans[i];
                    if (own.Start < partEnd && own.End > partStart)
                    {
                        partStart = Math.Min(partStart, own.Start);
                        partEnd = Math.Max(partEnd, own.End);
                        pieceSpans.RemoveAt(i);
                    }
                }

                // Marked with a path so it is not reported again as the piece's own finding.
                pieceSpans.Add(Locate(p, kind, partStart, partEnd - partStart) with { Path = "" });
            }

            SecretFinding head = _spans[first]![^1];
            reported.Add((first, head with { Path = null, EndPath = _pieces[last].Target.ResolvePath() }));
        }

        // Not a split secret: the joined text only runs secrets found in their own pieces into each other or into a
        // neighbour's ordinary word ("...sk-proj-abc" then "Thanks"), or a random-looking token is made of the end of
        // one message and the start of the next ("commit 3f2a9c..." then "Thanks").
        private bool IsGlue(SecretKind kind, int start, int end, int first, int last)
        {
            bool accounted = true;
            for (int p = first; p <= last && accounted; p++)
            {
                int partStart = Math.Max(start, _offsets[p]) - _offsets[p];
                int partEnd = Math.Min(end, _offsets[p + 1]) - _offsets[p];
                accounted = partEnd <= partStart || IsCovered(p, partStart, partEnd) || IsOrdinary(_pieces[p].Text[partStart..partEnd]);
            }

            return accounted
                || (kind == SecretKind.HighEntropy && (IsOrdinary(Text(start, _offsets[first + 1])) || IsOrdinary(Text(_offsets[last], end))));
        }

        // The piece's own findings cover [start, end).
        private bool IsCovered(int piece, int start, int end)
        {
            List<SecretFinding>? own = _spans[piece];
            int at = start;
            bool advanced = true;
            while (own is not null && at < end && advanced)
            {
                advanced = false;
                foreach (SecretFinding f in own)
                {
                    if (f.Start <= at && f.End > at)
                    {
                        at = f.End;
                        advanced = true;
                    }
                }
            }

            return at >= end;
        }

        // A word (letters that read as words), or hex of 7 or more digits (a SHA).
        private static bool IsOrdinary(string part) =>
            (part.Length >= 4 && !part.AsSpan().ContainsAnyExcept(Letters) && HighEntropyDetector.IsWordLike(part))
            || (part.Length >= 7 && !part.AsSpan().ContainsAnyExcept(HexDigits));

        private static readonly System.Buffers.SearchValues<char> Letters =
            System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

        private static readonly System.Buffers.SearchValues<char> HexDigits =
            System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

        private bool Overlaps(int piece, int start, int end) =>
            _spans[piece]?.Exists(f => f.Start < end && f.End > start) == true;

        private SecretFinding Locate(int piece, SecretKind kind, int start, int length)
        {
            string text = _pieces[piece].Text;
            int line = 1, lineStart = 0;
            for (int nl = text.IndexOf('\n', 0, start); nl >= 0; nl = text.IndexOf('\n', nl + 1, start - nl - 1))
            {
                line++;
                lineStart = nl + 1;
            }

            return new SecretFinding(kind, start, length, line, start - lineStart + 1);
        }

        // Characters of the token run that touches the boundary on one side, across pieces, up to MaxRun.
        private int RunLength(int boundary, bool backward)
        {
            int n = 0;
            int at = backward ? boundary - 1 : boundary;
            int p = PieceAt(Math.Clamp(at, 0, Length - 1));
            while (n < MaxRun && at >= 0 && at < Length)
            {
                while (at < _offsets[p])
                {
                    p--;
                }

                while (at >= _offsets[p + 1])
                {
                    p++;
                }

                if (char.IsWhiteSpace(_pieces[p].Text[at - _offsets[p]]))
                {
                    break;
                }

                n++;
                at += backward ? -1 : 1;
            }

            return n;
        }

        private int PieceAt(int offset)
        {
            int i = Array.BinarySearch(_offsets, offset);
            if (i < 0)
            {
                return ~i - 1;
            }

            // The first non-empty piece starting at this offset.
            while (i < _pieces.Count - 1 && _offsets[i + 1] == offset)
            {
                i++;
            }

            return Math.Min(i, _pieces.Count - 1);
        }

        private string Text(int start, int end) => end <= start ? "" : Join(start, end);

        private string Join(int start, int end) =>
            string.Create(end - start, (this, start), static (span, state) =>
            {
                (Seams seams, int from) = state;
                int written = 0;
                for (int p = seams.PieceAt(from); written < span.Length; p++)
                {
                    string text = seams._pieces[p].Text;
                    int offset = from + written - seams._offsets[p];
                    int n = Math.Min(text.Length - offset, span.Length - written);
                    text.AsSpan(offset, n).CopyTo(span[written..]);
                    written += n;
                }
            });
    }
}
