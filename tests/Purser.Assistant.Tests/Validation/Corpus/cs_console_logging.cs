using System;
using System.IO;

namespace Demo;

/// <summary>Reads configuration.</summary>
public static class ConfigReader
{
    /// <summary>The file's text, or null.</summary>
    public static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            Console.WriteLine("Cannot read " + path + ": " + ex.Message);
            return null;
        }
    }
}
