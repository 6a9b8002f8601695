using Purser.Chat;
using Purser.Streaming;

namespace Purser.Gateway.Endpoints;

/// <summary>Turns a complete answer (from the cache) back into stream events, to answer a streaming request.</summary>
internal static class StreamReplay
{
    public static IEnumerable<StreamEvent> Events(ChatResponse response)
    {
        yield return new StreamStartEvent(response.Id, response.Model);
        int toolIndex = 0;
        foreach (ContentPart part in response.Content)
        {
            switch (part)
            {
                case ThinkingPart thinking:
                    yield return new ThinkingDeltaEvent(thinking.Text, thinking.Signature);
                    break;
                case TextPart text:
                    yield return new TextDeltaEvent(text.Text);
                    break;
                case ToolCallPart call:
                    yield return new ToolCallStartEvent(toolIndex, call.Id, call.Name);
                    yield return new ToolCallDeltaEvent(toolIndex, call.Arguments);
                    toolIndex++;
                    break;
            }
        }

        yield return new FinishEvent(response.FinishReason, response.StopSequence);
        yield return new UsageEvent(response.Usage);
    }
}
