namespace Purser.Prompts;

/// <summary>What a cheap stat of a file says: whether it exists, when it was last written and how long it is.</summary>
internal readonly record struct FileStamp(bool Exists, DateTime LastWriteUtc, long Length)
{
    public static FileStamp Read(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileStamp(true, info.LastWriteTimeUtc, info.Length) : default;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return default;
        }
    }
}
