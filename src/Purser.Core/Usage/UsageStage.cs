using Purser.Chat;
using Purser.Pipeline;
using Purser.Tokens;

namespace Purser.Usage;

/// <summary>
/// When the upstream reported no usage for an answer (a stream without a usage event, a server that omits it),
/// counts the prompt and the answer locally and marks the usage estimated, so the call is still priced.
/// </summary>
internal sealed class UsageStage : ICompletionStage
{
    public int Order => StageOrder.Usage;

    public ValueTask CompleteAsync(PurserContext context, CancellationToken cancellationToken)
    {
        if (context.ServedBy is not { } served || context.Response is not { } response || !context.Usage.IsEmpty || context.CacheStatus.IsAnsweredLocally())
        {
            return ValueTask.CompletedTask;
        }

        TokenCount prompt = ChatTokenCounter.ForModel(served.Model).CountPrompt(context.Request);
        long output = CountOutput(response, served.Model);
        if (prompt.Tokens == 0 && output == 0)
        {
            return ValueTask.CompletedTask;
        }

        var usage = new TokenUsage(prompt.Tokens, output, isEstimated: true);
        context.Usage = usage;
        response.Usage = usage;
        if (context.Attempts.Count > 0 && context.Attempts[^1].Deployment == served)
        {
            context.Attempts[^1].Usage = usage;
        }

        context.Warnings.Add("The upstream reported no usage; tokens were counted locally (estimated).");
        return ValueTask.CompletedTask;
    }

    /// <summary>The output tokens of an answer (or of what arrived of it), counted with <paramref name="model"/>'s tokenizer.</summary>
    public static long CountOutput(ChatResponse response, string model)
    {
        ITokenCounter text = Tokenizers.ForModel(model);
        long output = 0;
        foreach (ContentPart part in response.Content)
        {
            output += part switch
            {
                TextPart t => text.Count(t.Text).Tokens,
                ThinkingPart th => text.Count(th.Text).Tokens,
                ToolCallPart call => text.Count(call.Name).Tokens + text.Count(call.Arguments).Tokens + 3,
                _ => 0,
            };
        }

        return output;
    }
}
