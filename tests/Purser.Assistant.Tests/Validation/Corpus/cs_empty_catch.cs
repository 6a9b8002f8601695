using System.IO;

namespace Demo;

/// <summary>Deletes files.</summary>
public static class Cleaner
{
    /// <summary>Deletes a file if it can.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
