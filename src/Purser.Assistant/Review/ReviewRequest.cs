namespace Purser.Assistant.Review;

/// <summary>Who asks for a review and with which model.</summary>
public sealed record ReviewRequest
{
    public string? Model { get; init; }

    public string Origin { get; init; } = "cli";

    public string? Repository { get; init; }
}
