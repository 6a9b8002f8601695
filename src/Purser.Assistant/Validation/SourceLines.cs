namespace Purser.Assistant.Validation;

/// <summary>Maps character offsets of a text to 1-based line numbers and gives the lines.</summary>
internal sealed class SourceLines
{
    private readonly int[] _starts;

    public SourceLines(string text)
    {
        Text = text;
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        _starts = [.. starts];
        Lines = [.. text.Split('\n').Select(l => l.TrimEnd('\r'))];
    }

    public string Text { get; }

    /// <summary>The lines, without their line breaks; index 0 is line 1.</summary>
    public string[] Lines { get; }

    public int Count => Lines.Length;

    public int LineOf(int offset)
    {
        int index = Array.BinarySearch(_starts, offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }

    /// <summary>The offset where 1-based line <paramref name="line"/> starts.</summary>
    public int StartOf(int line) => _starts[Math.Clamp(line - 1, 0, _starts.Length - 1)];

    /// <summary>The leading whitespace width of a line (tabs count as 8, as Python's tokenizer does).</summary>
    public static int Indent(string line)
    {
        int width = 0;
        foreach (char c in line)
        {
            if (c == ' ')
            {
                width++;
            }
            else if (c == '\t')
            {
                width = (width / 8 + 1) * 8;
            }
            else
            {
                break;
            }
        }

        return width;
    }
}
