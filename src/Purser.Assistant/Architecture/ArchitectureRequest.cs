namespace Purser.Assistant.Architecture;

/// <summary>What to design: the product request, and optionally the stack, scale and database to design for.</summary>
internal sealed record ArchitectureRequest
{
    public required string Request { get; init; }

    public string? TechStack { get; init; }

    public string? Scale { get; init; }

    public string? Database { get; init; }

    public string? Model { get; init; }

    public string Origin { get; init; } = "cli";

    /// <summary>How the call uses the response cache (the HTTP API maps Cache-Control and x-purser-cache onto it).</summary>
    public Calls.AssistantCacheUse Cache { get; init; } = Calls.AssistantCacheUse.Use;
}
