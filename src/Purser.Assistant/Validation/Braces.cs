namespace Purser.Assistant.Validation;

/// <summary>Bracket matching over masked code (strings and comments already blanked).</summary>
internal static class Braces
{
    /// <summary>The index of the bracket that closes the one at <paramref name="open"/>; the text's end when it is never closed.</summary>
    public static int Close(string masked, int open)
    {
        if (open < 0 || open >= masked.Length)
        {
            return masked.Length;
        }

        char opening = masked[open];
        char closing = opening switch { '(' => ')', '[' => ']', '<' => '>', _ => '}' };
        int depth = 0;
        for (int i = open; i < masked.Length; i++)
        {
            if (masked[i] == opening)
            {
                depth++;
            }
            else if (masked[i] == closing && --depth == 0)
            {
                return i;
            }
        }

        return masked.Length;
    }

    /// <summary>Splits a parameter list at its top-level commas (with <paramref name="angles"/>, <c>&lt;…&gt;</c> nest too).</summary>
    public static IEnumerable<string> SplitTopLevel(string parameters, bool angles = false)
    {
        int depth = 0;
        int start = 0;
        for (int i = 0; i < parameters.Length; i++)
        {
            char c = parameters[i];
            if (c is '(' or '[' or '{' || (angles && c == '<'))
            {
                depth++;
            }
            else if (c is ')' or ']' or '}' || (angles && c == '>'))
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                yield return parameters[start..i];
                start = i + 1;
            }
        }

        if (start < parameters.Length)
        {
            yield return parameters[start..];
        }
    }

    /// <summary>The index of the brace that opens the one closing at <paramref name="close"/>; -1 when there is none.</summary>
    public static int Open(string masked, int close)
    {
        char closing = masked[close];
        char opening = closing switch { ')' => '(', ']' => '[', _ => '{' };
        int depth = 0;
        for (int i = close; i >= 0; i--)
        {
            if (masked[i] == closing)
            {
                depth++;
            }
            else if (masked[i] == opening && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }
}
