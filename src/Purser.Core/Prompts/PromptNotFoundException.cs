namespace Purser.Prompts;

/// <summary>No prompt has the requested name.</summary>
internal sealed class PromptNotFoundException : PromptException
{
    public PromptNotFoundException()
    {
    }

    public PromptNotFoundException(string message)
        : base(message)
    {
    }

    public PromptNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PromptNotFoundException(string promptName, IEnumerable<string> knownPrompts)
        : base($"There is no prompt named '{promptName}'. Known prompts: {string.Join(", ", knownPrompts)}.")
    {
        PromptName = promptName;
    }

    /// <summary>The name that was asked for.</summary>
    public string? PromptName { get; }
}
