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
                foreach ((SecretKind kind, int s, int e) in FindInWindow(start, end))
                {
                    Consider(kind, s, e, cores, reported);
                }
            }
        }

        // The secrets in the joined window, in joined offsets. Joined without separators, a secret that ends a message
        // runs into the next one's first word ("...AIza...Xy" then "Go on.") and a fixed-length match fails; so where a
        // piece starts a new sentence, the window is also read with a space there. Where the two readings overlap, the
        // more specific finding wins, and on a tie the glued one (a split key's last letters may look like a word;
        // a secret merely run into the next word is trimmed back later, see TrimGlue).
        private List<(SecretKind Kind, int Start, int End)> FindInWindow(int start, int end)
        {
            var found = new List<(SecretKind Kind, int Start, int End, int Rank)>();
            foreach (SecretFinding f in _scanner.Scan(Join(start, end)))
            {
                found.Add((f.Kind, start + f.Start, start + f.End, (SecretScanner.PriorityOf(f.Kind) * 2) + 1));
            }

            List<int> spaces = [];
            for (int p = PieceAt(start) + 1; p < _pieces.Count && _offsets[p] < end; p++)
            {
                if (_offsets[p] > start && StartsSentence(_pieces[p - 1].Text, _pieces[p].Text))
                {
                    spaces.Add(_offsets[p]);
                }
            }

            if (spaces.Count > 0)
            {
                foreach (SecretFinding f in _scanner.Scan(Join(start, end, spaces)))
                {
                    found.Add((f.Kind, Unspaced(start, f.Start, spaces), Unspaced(start, f.End, spaces), SecretScanner.PriorityOf(f.Kind) * 2));
                }

                found.Sort(static (a, b) => a.Rank != b.Rank ? b.Rank.CompareTo(a.Rank) : (b.End - b.Start).CompareTo(a.End - a.Start));
            }

            var kept = new List<(SecretKind Kind, int Start, int End)>(found.Count);
            foreach ((SecretKind kind, int s, int e, _) in found)
            {
                if (!kept.Exists(k => k.Start < e && k.End > s))
                {
                    kept.Add((kind, s, e));
                }
            }

            return kept;
        }

        // A piece that starts a new sentence right after a token that ends the previous one: a capitalised word ("Go
        // on.", "Thanks!", "I") or any word after a token that does not end in a letter ("...aXc=" then "sure, ...").
        // A piece that continues a word ("...Ba" then "sic ...") or is letters only (the middle of a token) does not.
        private static bool StartsSentence(string previous, string text)
        {
            int i = 0;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            if (i == 0 || i == text.Length || !(char.IsWhiteSpace(text[i]) || text[i] is '.' or ',' or '!' or '?' or ';' or ':' or ')'))
            {
                return false;
            }

            // Glued to a previous piece that ends in whitespace or punctuation, the word changes nothing.
            if (previous.Length == 0 || char.IsWhiteSpace(previous[^1]) || previous[^1] is '.' or ',' or ';' or ':' or '!' or '?' or ')' or ']' or '}' or '"' or '\'' or '`' or '>')
            {
                return false;
            }

            bool capitalised = char.IsAsciiLetterUpper(text[0]) && !text.AsSpan(1, i - 1).ContainsAnyInRange('A', 'Z');
            return capitalised || !char.IsAsciiLetter(previous[^1]);
        }

        // Offset in the joined text of an offset in a window read with a space before each of `spaces`.
        private static int Unspaced(int windowStart, int offset, List<int> spaces)
        {
            int joined = windowStart + offset;
            foreach (int space in spaces)
            {
                // Each inserted space shifts what follows it by one (a span starting or ending on it maps to the boundary).
                if (joined > space)
                {
                    joined--;
                }
                else
                {
                    break;
                }
            }

            return joined;
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

            (start, end, first, last) = TrimGlue(kind, start, end, first, last);
            if (first == last || AllPartsAccounted(start, end, first, last) || OverlapsMoreSpecific(kind, start, end, first, last))
            {
                return;
            }

            // Split across pieces: each piece's part is redacted (widened over the piece's own findings it overlaps,
            // which it replaces); the secret is reported once, where it starts.
            for (int p = first; p <= last; p++)
            {
                (int partStart, int partEnd) = Part(p, start, end);
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

        // The joined text runs a secret that ends one piece, and that piece's own scan found, into the next piece's
        // first word ("...sk-proj-abc" then "Thanks"); and a random-looking token can start or end with an ordinary
        // word of a neighbour ("commit 3f2a9c1" then "Thanks"): such a part is not part of the secret. A typed secret
        // is trimmed only when what remains is its piece's own finding, so a split key's last letters are not lost.
        private (int Start, int End, int First, int Last) TrimGlue(SecretKind kind, int start, int end, int first, int last)
        {
            bool entropy = kind == SecretKind.HighEntropy;
            if (first < last && IsOrdinary(Text(_offsets[last], end), entropy)
                && (entropy || (last == first + 1 && IsCovered(first, start - _offsets[first], _pieces[first].Text.Length))))
            {
                end = _offsets[last];
                last--;
            }

            if (entropy && first < last && IsOrdinary(Text(start, _offsets[first + 1]), entropy))
            {
                start = _offsets[first + 1];
                first++;
            }

            return (start, end, first, last);
        }

        // Every part is covered by its piece's own findings or is an ordinary word: secrets side by side, not one split.
        private bool AllPartsAccounted(int start, int end, int first, int last)
        {
            for (int p = first; p <= last; p++)
            {
                (int partStart, int partEnd) = Part(p, start, end);
                if (partEnd > partStart && !IsCovered(p, partStart, partEnd) && !IsOrdinary(_pieces[p].Text[partStart..partEnd], hexToo: false))
                {
                    return false;
                }
            }

            return true;
        }

        // A piece's own finding of a more specific kind overlaps it: the joined reading only ran that secret into its
        // neighbour (base64 of a key, then "Go on.": the glued token no longer decodes).
        private bool OverlapsMoreSpecific(SecretKind kind, int start, int end, int first, int last)
        {
            int priority = SecretScanner.PriorityOf(kind);
            for (int p = first; p <= last; p++)
            {
                (int partStart, int partEnd) = Part(p, start, end);
                if (_spans[p]?.Exists(f => f.Start < partEnd && f.End > partStart && SecretScanner.PriorityOf(f.Kind) > priority) == true)
                {
                    return true;
                }
            }

            return false;
        }

        // The part of the joined span [start, end) in piece p, in the piece's offsets (empty when they do not meet).
        private (int Start, int End) Part(int p, int start, int end) =>
            (Math.Max(start, _offsets[p]) - _offsets[p], Math.Min(end, _offsets[p + 1]) - _offsets[p]);

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

        // Ordinary text, not a secret's: words between separators ("Thanks", "Content-Security-Policy", "Go", "OK",
        // "BEGIN"); with hexToo, also 7 or more hex digits (a SHA), which a random-looking token does not end with but a
        // typed key (DeepSeek's sk- + hex) may.
        private static bool IsOrdinary(string part, bool hexToo)
        {
            bool any = false;
            foreach (Range r in part.AsSpan().SplitAny(Separators))
            {
                ReadOnlySpan<char> word = part.AsSpan()[r];
                if (word.IsEmpty)
                {
                    continue;
                }

                any = true;
                bool letters = !word.ContainsAnyExcept(Letters);
                bool upper = !word.ContainsAnyInRange('a', 'z');
                bool ordinary = (letters && (HighEntropyDetector.IsWordLike(word) || (word.Length <= 3 && (upper || !word[1..].ContainsAnyInRange('A', 'Z')))
                        || (hexToo && upper && word.Length <= 12)))
                    || (hexToo && word.Length >= 7 && !word.ContainsAnyExcept(HexDigits));
                if (!ordinary)
                {
                    return false;
                }
            }

            return any;
        }

        private static readonly System.Buffers.SearchValues<char> Separators = System.Buffers.SearchValues.Create("-_/+=.");

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

        private string Join(int start, int end, List<int>? spaces = null) =>
            string.Create(end - start + (spaces?.Count ?? 0), (this, start, end, spaces), static (span, state) =>
            {
                (Seams seams, int from, int to, List<int>? spaces) = state;
                int written = 0;
                int at = from;
                for (int p = seams.PieceAt(from); at < to; p++)
                {
                    if (spaces is not null && at > from && spaces.Contains(at) && seams._offsets[p] == at && seams._pieces[p].Text.Length > 0)
                    {
                        span[written++] = ' ';
                    }

                    string text = seams._pieces[p].Text;
                    int offset = at - seams._offsets[p];
                    int n = Math.Min(text.Length - offset, to - at);
                    text.AsSpan(offset, n).CopyTo(span[written..]);
                    written += n;
                    at += n;
                }
            });
    }
}
