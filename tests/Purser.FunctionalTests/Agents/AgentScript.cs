using System.Collections.Concurrent;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Agents;

/// <summary>
/// What a fake upstream plays for one agent run: asked the prompt (recognised by <see cref="Marker"/>) with the agent's
/// file-reading tool on offer, it asks for that tool on the notes file; given the tool's result back, it answers
/// <see cref="FinalAnswer"/> if the result carries the notes; any other call the agent makes on the side (titles,
/// memory, next-speaker checks) gets a short plain answer. Every call reports the same usage, so its price is known.
/// </summary>
public sealed class AgentScript(string marker, string notes, string toolName, string toolArguments)
{
    public const string CallId = "call_purser_read_1";

    public const long InputTokens = 1000;

    public const long OutputTokens = 50;

    public string Marker { get; } = marker;

    public string Notes { get; } = notes;

    public string FinalAnswer => "The notes say: " + Notes;

    /// <summary>The tool results the upstream received, in order.</summary>
    public ConcurrentQueue<string> ToolResults { get; } = new();

    /// <summary>How many times the upstream asked for the tool.</summary>
    public int ToolCallsAsked => _toolCallsAsked;

    private int _toolCallsAsked;

    public FakeAnswer AnswerFor(string kind, ReceivedRequest request)
    {
        UpstreamTurn turn = UpstreamTurn.Read(kind, request);
        if (turn.ToolResult is { } result)
        {
            ToolResults.Enqueue(result);
            return Priced(result.Contains(Notes, StringComparison.Ordinal) ? FinalAnswer : "The tool result did not carry the notes.");
        }

        if (turn.UserText.Contains(Marker, StringComparison.Ordinal) && turn.Tools.Contains(toolName))
        {
            Interlocked.Increment(ref _toolCallsAsked);
            return Priced("") with { ToolCalls = [new FakeToolCall(CallId, toolName, toolArguments)] };
        }

        return Priced("ok");
    }

    private static FakeAnswer Priced(string text) =>
        new(text) { InputTokens = InputTokens, CachedTokens = 0, OutputTokens = OutputTokens, ReasoningTokens = 0 };
}
