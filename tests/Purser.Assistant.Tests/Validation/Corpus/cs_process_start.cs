using System.Diagnostics;

namespace Demo;

/// <summary>Runs git.</summary>
public static class Git
{
    /// <summary>Clones a repository.</summary>
    public static void Clone(string url)
    {
        Process.Start("bash", "-c \"git clone " + url + "\"");
    }

    /// <summary>Clones safely.</summary>
    public static void CloneSafely(string url)
    {
        var start = new ProcessStartInfo("git");
        start.ArgumentList.Add("clone");
        start.ArgumentList.Add(url);
        Process.Start(start);
    }
}
