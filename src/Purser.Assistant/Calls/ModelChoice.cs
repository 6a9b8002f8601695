namespace Purser.Assistant.Calls;

/// <summary>The model an assistant call goes to and why; or, when none can be chosen, what the user should set.</summary>
internal sealed record ModelChoice(string? Model, string Reason, string? Error = null)
{
    public bool Succeeded => Model is not null;

    public static ModelChoice Fail(string error) => new(null, "", error);
}
