using System.Globalization;
using System.Text;

namespace Purser.Prompts;

/// <summary>Text preparation for prompt variables.</summary>
internal static class PromptText
{
    /// <summary>
    /// Prefixes every line with its number and <c>"| "</c>, right-aligned (<c>" 9| x"</c>, <c>"10| y"</c>). The shipped
    /// prompts tell the model to take line numbers from these prefixes, which makes the line numbers in its findings
    /// reliable; models are poor at counting lines themselves. Line endings become <c>\n</c>.
    /// </summary>
    public static string NumberLines(string text, int firstLine = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(firstLine);
        string[] lines = text.ReplaceLineEndings("\n").Split('\n');
        int count = lines.Length;
        if (count > 1 && lines[^1].Length == 0)
        {
            count--; // a final line feed ends the last line, it does not start a new one
        }

        int width = (firstLine + count - 1).ToString(CultureInfo.InvariantCulture).Length;
        var output = new StringBuilder(text.Length + (count * (width + 3)));
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                output.Append('\n');
            }

            output.Append((firstLine + i).ToString(CultureInfo.InvariantCulture).PadLeft(width)).Append("| ").Append(lines[i]);
        }

        return output.ToString();
    }
}
