using System.Text;
using System.Text.Json;

namespace Purser.Ledger;

/// <summary>Rows read back from the spool, one version per request id (the last), with the files they came from.</summary>
internal sealed class SpoolClaim
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<LedgerEntry> _rows = [];

    public IReadOnlyList<LedgerEntry> Rows => _rows;

    /// <summary>Lines that did not parse (a write cut off by a crash).</summary>
    public int Unreadable { get; private set; }

    public List<(string Path, FileStream File)> Files { get; } = [];

    public void Add(string path, FileStream file) => Files.Add((path, file));

    /// <summary>Adds the rows of a spool file, read from its start.</summary>
    public void Read(FileStream file)
    {
        file.Seek(0, SeekOrigin.Begin);
        using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            LedgerEntry? row;
            try
            {
                row = JsonSerializer.Deserialize(line, LedgerJsonContext.Default.LedgerEntry);
            }
            catch (JsonException)
            {
                row = null;
            }

            if (row is null)
            {
                Unreadable++;
                continue;
            }

            Add(row);
        }

        file.Seek(0, SeekOrigin.End);
    }

    /// <summary>Adds a row; a later version of the same call replaces the earlier one in place.</summary>
    public void Add(LedgerEntry row)
    {
        if (_index.TryGetValue(row.RequestId, out int at))
        {
            _rows[at] = row;
        }
        else
        {
            _index[row.RequestId] = _rows.Count;
            _rows.Add(row);
        }
    }
}
