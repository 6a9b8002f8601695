namespace Purser.Prompts;

/// <summary>The outcome of one reload of the prompt library.</summary>
internal sealed class PromptReloadResult : EventArgs
{
    internal PromptReloadResult(bool succeeded, bool changed, string? error, DateTimeOffset at)
    {
        Succeeded = succeeded;
        Changed = changed;
        Error = error;
        At = at;
    }

    /// <summary>The user file (or its absence) was read and is now in effect.</summary>
    public bool Succeeded { get; }

    /// <summary>The effective prompts differ from those before the reload.</summary>
    public bool Changed { get; }

    /// <summary>Why the user file was rejected (the last good prompts stay in effect); null on success.</summary>
    public string? Error { get; }

    /// <summary>When the reload happened.</summary>
    public DateTimeOffset At { get; }
}
