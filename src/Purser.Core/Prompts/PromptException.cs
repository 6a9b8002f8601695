namespace Purser.Prompts;

/// <summary>Base class of the prompt library's errors.</summary>
internal class PromptException : Exception
{
    public PromptException()
    {
    }

    public PromptException(string message)
        : base(message)
    {
    }

    public PromptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
