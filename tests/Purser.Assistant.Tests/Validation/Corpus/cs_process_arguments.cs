using System.Diagnostics;

namespace Demo;

/// <summary>Converts images.</summary>
public static class Images
{
    /// <summary>Resizes a file.</summary>
    public static Process? Resize(string file, int width) =>
        Process.Start(new ProcessStartInfo
        {
            FileName = "convert",
            Arguments = $"{file} -resize {width} out.png",
        });
}
