using System.Globalization;
using System.Text.Json;

namespace Purser.Ledger;

/// <summary>
/// Rows the database could not take, kept on disk until it can: one file per writer in <see cref="Folder"/>, JSON
/// lines flushed to disk before an append returns, the file held locked while its writer lives. Files whose writer
/// is gone (a crash, a CLI run that ended) are claimed by the next writer that recovers. A row set aside twice (a
/// call's row, then its corrected version) is read back once, the last version. Not thread-safe: the ledger
/// writer's loop is its only user.
/// </summary>
internal sealed class LedgerSpool(string folder, TimeProvider time) : IDisposable
{
    private const string Extension = ".jsonl";
    private FileStream? _own;
    private string? _ownPath;

    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>Rows in this writer's own file.</summary>
    public long Count { get; private set; }

    /// <summary>Appends rows and flushes them to disk; throws <see cref="IOException"/> (or access denied) when it cannot, leaving the file as it was.</summary>
    public void Append(IReadOnlyList<LedgerEntry> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        FileStream own = OwnFile();
        long before = own.Length;
        try
        {
            own.Seek(0, SeekOrigin.End);
            foreach (LedgerEntry row in rows)
            {
                // A line starts with its newline, so a line cut short by a failed write cannot swallow the next one.
                own.Write("\n"u8);
                own.Write(JsonSerializer.SerializeToUtf8Bytes(row, LedgerJsonContext.Default.LedgerEntry));
            }

            own.Flush(flushToDisk: true);
            Count += rows.Count;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryTruncate(own, before);
            throw;
        }
    }

    /// <summary>
    /// Every row waiting in the folder: this writer's own and those of files no live writer holds (which stay locked
    /// by this one until <see cref="Release"/>). Lines that do not parse (the tail of a write cut off by a crash)
    /// are skipped and counted.
    /// </summary>
    public SpoolClaim Claim()
    {
        var claim = new SpoolClaim();
        if (_own is not null)
        {
            claim.Read(_own);
        }

        if (!Directory.Exists(Folder))
        {
            return claim;
        }

        foreach (string path in Directory.EnumerateFiles(Folder, "*" + Extension).Order(StringComparer.Ordinal))
        {
            if (path == _ownPath)
            {
                continue;
            }

            FileStream file;
            try
            {
                file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // another live writer's file, or gone meanwhile
            }

            claim.Add(path, file);
            claim.Read(file);
        }

        return claim;
    }

    /// <summary>Lets the claimed files go; with <paramref name="written"/>, deletes them (this writer's own included): their rows are in the database.</summary>
    public void Release(SpoolClaim claim, bool written)
    {
        foreach (var (path, file) in claim.Files)
        {
            file.Dispose();
            if (written)
            {
                TryDelete(path);
            }
        }

        if (written && _own is not null)
        {
            _own.Dispose();
            _own = null;
            TryDelete(_ownPath!);
            _ownPath = null;
            Count = 0;
        }
    }

    public void Dispose()
    {
        _own?.Dispose();
        _own = null;
    }

    /// <summary>
    /// This writer's file, created on first use. If it vanished (its folder deleted), its rows are read back from
    /// the open handle into a new file, so rows set aside are not lost with the old one.
    /// </summary>
    private FileStream OwnFile()
    {
        if (_own is not null && File.Exists(_ownPath))
        {
            return _own;
        }

        List<LedgerEntry> carried = [];
        if (_own is not null)
        {
            var claim = new SpoolClaim();
            claim.Read(_own);
            carried.AddRange(claim.Rows);
            _own.Dispose();
            _own = null;
        }

        Directory.CreateDirectory(Folder);
        string name = string.Create(CultureInfo.InvariantCulture, $"{time.GetUtcNow():yyyyMMdd'T'HHmmssfff}-{Environment.ProcessId}-{Guid.NewGuid():N}{Extension}");
        _ownPath = Path.Combine(Folder, name);
        _own = new FileStream(_ownPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        Count = 0;
        if (carried.Count > 0)
        {
            Append(carried);
        }

        return _own;
    }

    private static void TryTruncate(FileStream file, long length)
    {
        try
        {
            file.SetLength(length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The next append's leading newline ends the partial line; reading skips it.
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next claim: its rows are already recorded and are skipped then.
        }
    }
}
