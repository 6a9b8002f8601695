using System.Text.Json.Nodes;
using Purser.Assistant.Debugging;
using Purser.Assistant.Json;
using Purser.Assistant.Review;

namespace Purser.Assistant.Calls;

/// <summary>
/// The JSON every assistant answer is given in (<c>--json</c> and the HTTP API): the model's text as <c>content</c>, the
/// parsed <c>result</c> where there is one, <c>cached</c>, token <c>usage</c>, the <c>model</c> that answered, <c>elapsed_ms</c>,
/// <c>cost_usd</c> (null when unknown), <c>request_id</c> and <c>warnings</c>.
/// </summary>
internal static class AnswerEnvelope
{
    public static JsonObject FromCall(AssistantCall call, JsonNode? result = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        return Build(
            call.Operation,
            call.Text,
            result,
            call.Cached,
            call.Usage.InputTokens,
            call.Usage.OutputTokens,
            call.ServedBy ?? call.Model,
            call.Model,
            call.Elapsed.TotalMilliseconds,
            call.CostUsd,
            call.RequestId,
            call.Warnings);
    }

    public static JsonObject FromDebug(AssistantCall call, DebugResult result) =>
        FromCall(call, AssistantJson.ToNode(result));

    public static JsonObject FromReview(ReviewResult review)
    {
        ArgumentNullException.ThrowIfNull(review);
        JsonNode? result = AssistantJson.ToNode(review);
        return Build(
            "code_review",
            string.Join("\n\n", review.Answers),
            result,
            review.Cached,
            review.InputTokens,
            review.OutputTokens,
            string.IsNullOrEmpty(review.ServedBy) ? review.Model : review.ServedBy,
            review.Model,
            review.ElapsedMs,
            review.CostUsd,
            review.RequestIds.Count == 1 ? review.RequestIds[0] : review.RequestIds.Count == 0 ? null : string.Join(",", review.RequestIds),
            review.Warnings);
    }

    /// <summary>{"error":{"message","type"}} as the admin API writes errors.</summary>
    public static JsonObject Error(string type, string message) =>
        new() { ["error"] = new JsonObject { ["message"] = message, ["type"] = type } };

    private static JsonObject Build(string operation, string content, JsonNode? result, bool cached, long input, long output, string model, string requested, double elapsedMs, decimal? cost, string? requestId, IEnumerable<string> warnings) => new()
    {
        ["operation"] = operation,
        ["content"] = content,
        ["result"] = result,
        ["cached"] = cached,
        ["usage"] = new JsonObject
        {
            ["input_tokens"] = input,
            ["output_tokens"] = output,
            ["total_tokens"] = input + output,
        },
        ["model"] = model,
        ["requested_model"] = requested,
        ["elapsed_ms"] = Math.Round(elapsedMs, 1),
        ["cost_usd"] = cost is decimal c ? JsonValue.Create(c) : null,
        ["request_id"] = requestId,
        ["warnings"] = new JsonArray([.. warnings.Select(w => (JsonNode?)JsonValue.Create(w))]),
    };
}
