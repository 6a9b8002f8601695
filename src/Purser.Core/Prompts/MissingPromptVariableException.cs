namespace Purser.Prompts;

/// <summary>A prompt was rendered without a value for one or more of its variables (and the prompt has no default for them).</summary>
internal sealed class MissingPromptVariableException : PromptException
{
    public MissingPromptVariableException()
    {
    }

    public MissingPromptVariableException(string message)
        : base(message)
    {
    }

    public MissingPromptVariableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MissingPromptVariableException(string promptName, IReadOnlyList<string> missingVariables, IReadOnlyList<string> allVariables)
        : base(BuildMessage(promptName, missingVariables, allVariables))
    {
        PromptName = promptName;
        MissingVariables = missingVariables;
    }

    /// <summary>The prompt being rendered.</summary>
    public string? PromptName { get; }

    /// <summary>The variables that had no value, in the order the prompt uses them.</summary>
    public IReadOnlyList<string> MissingVariables { get; } = [];

    private static string BuildMessage(string promptName, IReadOnlyList<string> missing, IReadOnlyList<string> all)
    {
        string names = string.Join(", ", missing.Select(v => $"'{v}'"));
        string what = missing.Count == 1 ? $"variable {names}, which was" : $"variables {names}, which were";
        return $"Prompt '{promptName}' needs {what} not given. Its variables are: {string.Join(", ", all)}.";
    }
}
