namespace Purser.Prompts;

/// <summary>A prompt file could not be read or is invalid. The message names the file, the prompt and the field.</summary>
internal sealed class PromptFileException : PromptException
{
    public PromptFileException()
    {
    }

    public PromptFileException(string message)
        : base(message)
    {
    }

    public PromptFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
