using Purser.Assistant.Files;
using Purser.Assistant.Languages;

namespace Purser.Assistant.Repositories;

/// <summary>
/// <c>purser repo analyze</c>: every file git would see (see <see cref="FileWalker"/>) with its language (extension,
/// file name or shebang), size, line count and whether it is binary. Files are streamed, never loaded whole.
/// </summary>
internal static class RepositoryScanner
{
    public static IReadOnlyList<RepositoryFile> Scan(string root, CancellationToken cancellationToken = default)
    {
        var files = new List<RepositoryFile>();
        byte[] buffer = new byte[64 * 1024];
        foreach (WalkedFile walked in FileWalker.Walk(root))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                files.Add(ScanFile(walked, buffer));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                files.Add(new RepositoryFile(walked.RelativePath, LanguageDetector.Detect(walked.FullPath)?.Id, walked.Bytes, 0, false, walked.LastWriteUtc));
            }
        }

        return files;
    }

    private static RepositoryFile ScanFile(WalkedFile walked, byte[] buffer)
    {
        using FileStream stream = File.OpenRead(walked.FullPath);
        int first = stream.ReadAtLeast(buffer, Math.Min(buffer.Length, 8000), throwOnEndOfStream: false);
        if (SourceFileReader.LooksBinary(buffer.AsSpan(0, first)))
        {
            return new RepositoryFile(walked.RelativePath, null, walked.Bytes, 0, true, walked.LastWriteUtc);
        }

        ReadOnlySpan<byte> head = buffer.AsSpan(0, first);
        int firstLineEnd = head.IndexOf((byte)'\n');
        string firstLine = System.Text.Encoding.UTF8.GetString(firstLineEnd < 0 ? head : head[..firstLineEnd]).TrimEnd('\r');
        Language? language = LanguageDetector.Detect(walked.FullPath, firstLine);

        long newlines = head.Count((byte)'\n');
        byte last = first > 0 ? buffer[first - 1] : (byte)'\n';
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            newlines += buffer.AsSpan(0, read).Count((byte)'\n');
            last = buffer[read - 1];
        }

        long bytes = stream.Length;
        long lines = bytes == 0 ? 0 : last == (byte)'\n' ? newlines : newlines + 1;
        return new RepositoryFile(walked.RelativePath, language?.Id, bytes, lines, false, walked.LastWriteUtc);
    }
}
