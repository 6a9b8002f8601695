using Purser.Chat;
using Purser.Prompts;

namespace Purser.Core.Tests.Prompts;

public sealed class RenderedPromptTests
{
    [Fact]
    public void ToChatRequest_JsonPrompt_CarriesMessagesParametersAndJsonMode()
    {
        PromptDefinition prompt = PromptDefinitionTests.Define(
            "\"systemPrompt\": \"Answer in JSON.\", \"template\": \"Score {x}\", \"maxTokens\": 321, \"temperature\": 0.3, \"tier\": \"cheap\", \"responseFormat\": \"json\"");

        ChatRequest request = prompt.Render(new Dictionary<string, string> { ["x"] = "this" }).ToChatRequest();

        request.Model.ShouldBe("cheap");
        request.System.Select(p => p.Text).ShouldBe(["Answer in JSON."]);
        request.Messages.Count.ShouldBe(1);
        request.Messages[0].Role.ShouldBe(ChatRole.User);
        request.Messages[0].Text.ShouldBe("Score this");
        request.MaxTokens.ShouldBe(321);
        request.Temperature.ShouldBe(0.3);
        request.ResponseFormat.ShouldNotBeNull().Kind.ShouldBe(ResponseFormatKind.JsonObject);
    }

    [Fact]
    public void ToChatRequest_TextPromptWithoutSystemAndExplicitModel_HasNoSystemNoJsonModeAndThatModel()
    {
        PromptDefinition prompt = PromptDefinitionTests.Define("\"template\": \"hi\"");

        ChatRequest request = prompt.Render(new Dictionary<string, string>()).ToChatRequest("anthropic/claude-sonnet-4-5");

        request.Model.ShouldBe("anthropic/claude-sonnet-4-5");
        request.System.ShouldBeEmpty();
        request.ResponseFormat.ShouldBeNull();
    }

    [Fact]
    public void Properties_ComeFromThePrompt()
    {
        PromptDefinition prompt = PromptDefinitionTests.Define("\"template\": \"hi\", \"version\": \"7\", \"tier\": \"fast\"");

        RenderedPrompt rendered = prompt.Render(new Dictionary<string, string>());

        rendered.Name.ShouldBe("t");
        rendered.Version.ShouldBe(prompt.Version);
        rendered.Tier.ShouldBe(PromptTier.Fast);
        rendered.Prompt.ShouldBeSameAs(prompt);
    }
}
