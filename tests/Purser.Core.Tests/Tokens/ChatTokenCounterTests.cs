using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Tokens;

namespace Purser.Core.Tests.Tokens;

public sealed class ChatTokenCounterTests
{
    /// <summary>
    /// The example conversation of OpenAI's cookbook "How to count tokens with tiktoken", whose prompt the API bills at
    /// 124 tokens on gpt-4o / gpt-4o-mini and 129 on gpt-4 / gpt-3.5-turbo. The cookbook sends the named examples as
    /// system messages; "system" and "user" are one token each, so user messages with the same names count the same.
    /// </summary>
    [Theory]
    [InlineData("gpt-4o", 124)]
    [InlineData("gpt-4o-mini", 124)]
    [InlineData("gpt-4", 129)]
    [InlineData("gpt-3.5-turbo-0125", 129)]
    public void CountPrompt_CookbookExample_MatchesBilledPromptTokens(string model, long expected)
    {
        var request = new ChatRequest { Model = model };
        request.System.Add(new TextPart("You are a helpful, pattern-following assistant that translates corporate jargon into plain English."));
        request.Messages.Add(Named("example_user", "New synergies will help drive top-line growth."));
        request.Messages.Add(Named("example_assistant", "Things working well together will increase revenue."));
        request.Messages.Add(Named("example_user", "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage."));
        request.Messages.Add(Named("example_assistant", "Let's talk later when we're less busy about how to do better."));
        request.Messages.Add(ChatMessage.FromText(ChatRole.User, "This late pivot means we don't have time to boil the ocean for the client deliverable."));

        TokenCount count = ChatTokenCounter.ForModel(model).CountPrompt(request);

        count.Tokens.ShouldBe(expected);
        count.IsExact.ShouldBeTrue();
    }

    [Fact]
    public void CountPrompt_EmptyRequest_IsReplyPrimingOnly() =>
        ChatTokenCounter.ForModel("gpt-4o").CountPrompt(new ChatRequest()).ShouldBe(new TokenCount(3, IsExact: true, "o200k_base"));

    [Fact]
    public void CountPrompt_SingleUserMessage_IsTextPlusFraming()
    {
        var request = new ChatRequest();
        request.Messages.Add(ChatMessage.FromText(ChatRole.User, "Hello, world!"));

        // 4 text tokens + 3 framing + 1 role + 3 priming.
        ChatTokenCounter.ForModel("gpt-4").CountPrompt(request).Tokens.ShouldBe(11);
    }

    [Fact]
    public void CountPrompt_WithTools_CountsSchemasAndIsApproximate()
    {
        ChatRequest request = UserRequest("What's the weather in Paris?");
        TokenCount without = ChatTokenCounter.ForModel("gpt-4o").CountPrompt(request);
        JsonNode schema = JsonNode.Parse("""{"type":"object","properties":{"city":{"type":"string","description":"City name"}},"required":["city"]}""")!;
        request.Tools = [new ToolDefinition("get_weather", "Current weather for a city.", schema)];

        TokenCount with = ChatTokenCounter.ForModel("gpt-4o").CountPrompt(request);

        with.IsExact.ShouldBeFalse();
        long schemaTokens = BpeEncoding.O200kBase.CountTokens(schema.ToJsonString());
        with.Tokens.ShouldBeGreaterThanOrEqualTo(without.Tokens + schemaTokens + ChatTokenCounter.ToolsOverhead + ChatTokenCounter.TokensPerTool);
    }

    [Fact]
    public void CountPrompt_ToolCallAndResult_CountsArgumentsAndContent()
    {
        ChatRequest request = UserRequest("Weather?");
        long before = ChatTokenCounter.ForModel("gpt-4o").CountPrompt(request).Tokens;
        const string Arguments = """{"city":"Paris","unit":"celsius"}""";
        const string Result = "Sunny, 21 degrees, light wind from the west.";
        request.Messages.Add(new ChatMessage(ChatRole.Assistant, [new ToolCallPart("call_1", "get_weather", Arguments)]));
        request.Messages.Add(new ChatMessage(ChatRole.Tool, [new ToolResultPart("call_1", [new TextPart(Result)])]));

        TokenCount count = ChatTokenCounter.ForModel("gpt-4o").CountPrompt(request);

        count.IsExact.ShouldBeFalse();
        long expectedMinimum = before
            + (2 * (ChatTokenCounter.TokensPerMessage + ChatTokenCounter.TokensPerRole))
            + BpeEncoding.O200kBase.CountTokens(Arguments)
            + BpeEncoding.O200kBase.CountTokens(Result);
        count.Tokens.ShouldBeGreaterThan(expectedMinimum);
    }

    [Fact]
    public void CountPrompt_InlineImage_UsesModelImageRule()
    {
        ChatRequest request = UserRequest("Describe this.");
        long textOnly = ChatTokenCounter.ForModel("gpt-4o").CountPrompt(request).Tokens;
        request.Messages[0].Content.Add(TestImages.Png(1024, 1024));

        TokenCount count = ChatTokenCounter.ForModel("gpt-4o").CountPrompt(request);

        count.Tokens.ShouldBe(textOnly + 765);
        count.IsExact.ShouldBeFalse();
    }

    [Fact]
    public void CountPrompt_ClaudeModel_IsEstimatedAndAboveTheO200kCount()
    {
        ChatRequest request = UserRequest("Summarise the following report in three bullet points, keeping every figure exact.");

        TokenCount claude = ChatTokenCounter.ForModel("claude-sonnet-4-5").CountPrompt(request);
        TokenCount openai = ChatTokenCounter.ForModel("gpt-4o").CountPrompt(request);

        claude.IsExact.ShouldBeFalse();
        claude.Method.ShouldBe("estimate:claude(o200k_base*1.25)");
        claude.Tokens.ShouldBeGreaterThan(openai.Tokens);
    }

    [Fact]
    public void CountPrompt_SeveralTextParts_IsMarkedApproximate()
    {
        var request = new ChatRequest();
        request.Messages.Add(new ChatMessage(ChatRole.User, [new TextPart("one"), new TextPart("two")]));

        ChatTokenCounter.ForModel("gpt-4o").CountPrompt(request).IsExact.ShouldBeFalse();
    }

    private static ChatMessage Named(string name, string text) => new(ChatRole.User, [new TextPart(text)]) { Name = name };

    private static ChatRequest UserRequest(string text)
    {
        var request = new ChatRequest { Model = "gpt-4o" };
        request.Messages.Add(ChatMessage.FromText(ChatRole.User, text));
        return request;
    }
}
