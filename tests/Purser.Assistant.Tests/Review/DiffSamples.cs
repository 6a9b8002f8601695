using System.Text;

namespace Purser.Assistant.Tests.Review;

/// <summary>Unified diffs as git writes them.</summary>
internal static class DiffSamples
{
    public const string TwoFiles = """
        diff --git a/src/app.py b/src/app.py
        index 83db48f..bf269f4 100644
        --- a/src/app.py
        +++ b/src/app.py
        @@ -1,3 +1,4 @@
         import os
        +import subprocess
         def run(cmd):
        -    return os.system(cmd)
        +    return subprocess.call(cmd, shell=True)
        diff --git a/README.md b/README.md
        new file mode 100644
        index 0000000..e69de29
        --- /dev/null
        +++ b/README.md
        @@ -0,0 +1 @@
        +# Hello
        diff --git a/old.txt b/old.txt
        deleted file mode 100644
        index e69de29..0000000
        --- a/old.txt
        +++ /dev/null
        @@ -1 +0,0 @@
        -bye
        diff --git a/logo.png b/logo.png
        index 1111111..2222222 100644
        Binary files a/logo.png and b/logo.png differ
        """;

    /// <summary>A diff of <paramref name="files"/> new files with <paramref name="hunks"/> hunks of <paramref name="linesPerHunk"/> lines each.</summary>
    public static string Generated(int files, int hunks, int linesPerHunk)
    {
        var sb = new StringBuilder();
        for (int f = 0; f < files; f++)
        {
            sb.Append($"diff --git a/src/file{f}.cs b/src/file{f}.cs\nindex 1..2 100644\n--- a/src/file{f}.cs\n+++ b/src/file{f}.cs\n");
            for (int h = 0; h < hunks; h++)
            {
                sb.Append($"@@ -{(h * 100) + 1},{linesPerHunk} +{(h * 100) + 1},{linesPerHunk} @@\n");
                for (int l = 0; l < linesPerHunk; l++)
                {
                    sb.Append($"+    var value{f}_{h}_{l} = Compute(input{l}, \"text number {l}\");\n");
                }
            }
        }

        return sb.ToString();
    }
}
