namespace Purser.Assistant.Review;

/// <summary>Who asks for a review and with which model.</summary>
internal sealed record ReviewRequest
{
    public string? Model { get; init; }

    public string Origin { get; init; } = "cli";

    public string? Repository { get; init; }

    /// <summary>How the call uses the response cache (the HTTP API maps Cache-Control and x-purser-cache onto it).</summary>
    public Calls.AssistantCacheUse Cache { get; init; } = Calls.AssistantCacheUse.Use;
}
