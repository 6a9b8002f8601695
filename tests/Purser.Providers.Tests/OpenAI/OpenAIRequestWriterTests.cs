using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Providers.OpenAI;

namespace Purser.Providers.Tests.OpenAI;

public sealed class OpenAIRequestWriterTests
{
    private static JsonObject Write(ChatRequest request, string? addition = null, bool useMaxCompletionTokens = false) =>
        JsonNode.Parse(OpenAIRequestWriter.Write(request, "gpt-upstream", stream: false, useMaxCompletionTokens, addition))!.AsObject();

    [Fact]
    public void Write_PassthroughUntouchedByStages_KeepsTheClientsFields()
    {
        ChatRequest request = OpenAIRequestReader.Read("""{"model":"auto","temperature":0.7,"max_tokens":50,"logprobs":true,"messages":[{"role":"user","content":"hi"}]}"""u8);

        JsonObject body = Write(request);

        body["temperature"]!.GetValue<double>().ShouldBe(0.7);
        body["max_tokens"]!.GetValue<int>().ShouldBe(50);
        body["logprobs"]!.GetValue<bool>().ShouldBeTrue();
        body["messages"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public void Write_PassthroughWithCascadeValues_SendsThemOnce()
    {
        ChatRequest request = OpenAIRequestReader.Read("""{"model":"auto","max_completion_tokens":5000,"messages":[{"role":"user","content":"hi"}]}"""u8);
        request.Temperature = 0.2; // set by the routing cascade: the client sent none
        request.MaxTokens = 800; // capped by the routing cascade

        JsonObject body = Write(request);

        body["temperature"]!.GetValue<double>().ShouldBe(0.2);
        body["max_completion_tokens"]!.GetValue<int>().ShouldBe(800);
        body.ContainsKey("max_tokens").ShouldBeFalse();
        body.Count(p => p.Key == "max_completion_tokens").ShouldBe(1);
    }

    [Fact]
    public void Read_BothOutputLimits_TheLargerIsTheRequests_AndBothPassThroughUnchanged()
    {
        ChatRequest request = OpenAIRequestReader.Read("""{"model":"auto","max_completion_tokens":100,"max_tokens":16000,"n":3,"messages":[{"role":"user","content":"hi"}]}"""u8);

        JsonObject body = Write(request);

        (request.MaxTokens, request.Choices).ShouldBe((16000, 3));
        (body["max_completion_tokens"]!.GetValue<int>(), body["max_tokens"]!.GetValue<int>(), body["n"]!.GetValue<int>()).ShouldBe((100, 16000, 3));
    }

    [Fact]
    public void Write_BothOutputLimitsCappedByAStage_SendsOnlyTheCap()
    {
        ChatRequest request = OpenAIRequestReader.Read("""{"model":"auto","max_completion_tokens":100,"max_tokens":16000,"messages":[{"role":"user","content":"hi"}]}"""u8);
        request.MaxTokens = 1024; // the emergency tier's cap

        JsonObject body = Write(request);

        body["max_completion_tokens"]!.GetValue<int>().ShouldBe(1024);
        body.ContainsKey("max_tokens").ShouldBeFalse();
    }

    [Fact]
    public void Write_PassthroughMaxTokensAddedWhereTheClientSentNone_UsesTheProvidersFieldName()
    {
        ChatRequest request = OpenAIRequestReader.Read("""{"model":"auto","messages":[{"role":"user","content":"hi"}]}"""u8);
        request.MaxTokens = 300;

        Write(request, useMaxCompletionTokens: true)["max_completion_tokens"]!.GetValue<int>().ShouldBe(300);
        Write(request, useMaxCompletionTokens: false)["max_tokens"]!.GetValue<int>().ShouldBe(300);
    }

    [Fact]
    public void Write_PassthroughWithPromptAddition_InsertsASystemMessageAfterTheClientsOwn()
    {
        ChatRequest request = OpenAIRequestReader.Read("""
            {"model":"auto","messages":[
              {"role":"developer","content":"You are terse."},
              {"role":"user","content":"hi"},
              {"role":"assistant","content":"hello"},
              {"role":"user","content":"again"}]}
            """u8);

        JsonArray messages = Write(request, "Answer in British English.")["messages"]!.AsArray();

        messages.Select(m => m!["role"]!.GetValue<string>()).ShouldBe(["developer", "developer", "user", "assistant", "user"]);
        messages[1]!["content"]!.GetValue<string>().ShouldBe("Answer in British English.");
        messages[0]!["content"]!.GetValue<string>().ShouldBe("You are terse.");
    }

    [Fact]
    public void Write_PassthroughWithPromptAdditionAndNoSystemMessage_PutsItFirst()
    {
        ChatRequest request = OpenAIRequestReader.Read("""{"model":"auto","messages":[{"role":"user","content":"hi"}]}"""u8);

        JsonArray messages = Write(request, "Be brief.")["messages"]!.AsArray();

        messages[0]!["role"]!.GetValue<string>().ShouldBe("system");
        messages[0]!["content"]!.GetValue<string>().ShouldBe("Be brief.");
        messages[1]!["role"]!.GetValue<string>().ShouldBe("user");
    }
}
