using Purser.Chat;
using Purser.Usage;

namespace Purser.Assistant.Calls;

/// <summary>The outcome of one assistant model call: the answer text and what it cost, or the error.</summary>
internal sealed class AssistantCall
{
    public required string Operation { get; init; }

    public required string PromptName { get; init; }

    /// <summary>The prompt's effective version; analyses are stored under it.</summary>
    public required string PromptVersion { get; init; }

    /// <summary>The model (or alias) the request named.</summary>
    public required string Model { get; init; }

    /// <summary>Why that model (see <see cref="ModelChooser"/>).</summary>
    public string ModelReason { get; init; } = "";

    /// <summary>The prompt's output token limit.</summary>
    public int MaxTokens { get; init; }

    public string? RequestId { get; set; }

    /// <summary>The deployment that answered, <c>provider/model</c>.</summary>
    public string? ServedBy { get; set; }

    /// <summary>The answer's text (empty when the call failed or the model said nothing).</summary>
    public string Text { get; set; } = "";

    public FinishReason? FinishReason { get; set; }

    public TokenUsage Usage { get; set; }

    /// <summary>What the call cost, all attempts included; null when the price is unknown.</summary>
    public decimal? CostUsd { get; set; }

    /// <summary>Answered from the gateway's cache.</summary>
    public bool Cached { get; set; }

    public TimeSpan Elapsed { get; set; }

    public AssistantError? Error { get; set; }

    /// <summary>Things the user should know (unknown price, answer cut off …).</summary>
    public List<string> Warnings { get; } = [];

    public bool Succeeded => Error is null;
}
