namespace Purser.Prompts;

/// <summary>Parses <c>name=value</c> arguments (as given to <c>purser prompts render --var</c>) into prompt variables.</summary>
internal static class PromptVariableArguments
{
    /// <summary>
    /// Splits each argument at its first <c>=</c>; the value may be empty and may contain further <c>=</c> signs.
    /// </summary>
    /// <exception cref="FormatException">An argument has no <c>=</c>, its name is not a variable name, or a name is given twice.</exception>
    public static Dictionary<string, string> Parse(IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string argument in arguments)
        {
            int equals = argument.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                throw new FormatException($"Expected name=value, got '{argument}'.");
            }

            string name = argument[..equals].Trim();
            if (!PromptTemplate.IsVariableName(name))
            {
                throw new FormatException($"'{name}' in '{argument}' is not a variable name (a letter or '_', then letters, digits or '_').");
            }

            if (!variables.TryAdd(name, argument[(equals + 1)..]))
            {
                throw new FormatException($"The variable '{name}' is given more than once.");
            }
        }

        return variables;
    }
}
