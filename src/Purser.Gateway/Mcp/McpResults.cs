using ModelContextProtocol.Protocol;
using Purser.Assistant.Calls;
using Purser.Assistant.Limits;

namespace Purser.Gateway.Mcp;

/// <summary>A tool's answer: its JSON as text, or isError with "kind: message".</summary>
internal static class McpResults
{
    public static CallToolResult Ok(string json) => new() { Content = [new TextContentBlock { Text = json }] };

    public static CallToolResult Refuse(LimitViolation violation) => Fail(violation.Code, violation.Message);

    public static CallToolResult Fail(AssistantError error) => Fail(error.Kind, error.Message);

    public static CallToolResult Fail(string kind, string message) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = $"{kind}: {message}" }],
    };
}
