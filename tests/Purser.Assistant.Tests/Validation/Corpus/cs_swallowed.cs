using System;

namespace Demo;

/// <summary>Parses numbers.</summary>
public static class Parser
{
    /// <summary>The number, or zero.</summary>
    public static int ParseOrZero(string text)
    {
        try
        {
            return int.Parse(text);
        }
        catch (Exception)
        {
            return 0;
        }
    }
}
