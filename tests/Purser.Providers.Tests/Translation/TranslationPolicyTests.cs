using System.Text;
using Purser.Chat;
using Purser.Providers.Anthropic;
using Purser.Providers.Gemini;
using Purser.Providers.Json;
using Purser.Providers.OpenAI;
using Purser.Providers.Translation;
using Purser.Translation;

namespace Purser.Providers.Tests.Translation;

public sealed class TranslationPolicyTests
{
    private static ChatRequest Anthropic(string json) => AnthropicRequestReader.Read(Encoding.UTF8.GetBytes(json));

    private static ChatRequest Gemini(string json) => GeminiRequestReader.Read(Encoding.UTF8.GetBytes(json), "m", stream: false);

    [Fact]
    public void Apply_ProviderTuningFields_AreDroppedAndNamedInOrder()
    {
        ChatRequest request = Anthropic("""
            {"model":"m","max_tokens":10,"service_tier":"auto","context_management":{"edits":[]},
             "messages":[{"role":"user","content":[{"type":"text","text":"hi","cache_control":{"type":"ephemeral"}}]}]}
            """);
        request.ForwardHeaders = new() { ["anthropic-beta"] = "context-management-2025-06-27", ["anthropic-version"] = "2023-06-01" };
        var report = new TranslationReport();

        TranslationPolicy.Apply(request, WireProtocol.OpenAIChat, report);

        report.Dropped.ShouldBe(["service_tier", "context_management", "cache_control", "anthropic-beta"]);
    }

    [Fact]
    public void Apply_Strict_RefusesTheFirstFieldThatWouldBeDropped()
    {
        ChatRequest request = Anthropic("""{"model":"m","max_tokens":10,"context_management":{"edits":[]},"messages":[{"role":"user","content":"hi"}]}""");

        InvalidRequestException ex = Should.Throw<InvalidRequestException>(() => TranslationPolicy.Apply(request, WireProtocol.Gemini, new TranslationReport(strict: true)));

        ex.Param.ShouldBe("context_management");
        ex.Message.ShouldContain("Purser:Translation:Strict");
    }

    [Theory]
    [InlineData("""{"generationConfig":{"candidateCount":2}}""", "generationConfig.candidateCount")]
    [InlineData("""{"generationConfig":{"responseMimeType":"text/x.enum"}}""", "generationConfig.responseMimeType")]
    [InlineData("""{"cachedContent":"cachedContents/abc"}""", "cachedContent")]
    [InlineData("""{"tools":[{"codeExecution":{}}]}""", "tools[0]:codeExecution")]
    [InlineData("""{"generationConfig":{"somethingNew":1}}""", "generationConfig.somethingNew")]
    public void Apply_MeaningChangingOrUnknownGeminiFields_AreRefusedNamingThem(string extra, string param)
    {
        ChatRequest request = Gemini(With(extra));

        Should.Throw<InvalidRequestException>(() => TranslationPolicy.Apply(request, WireProtocol.OpenAIChat, new TranslationReport())).Param.ShouldBe(param);
    }

    [Theory]
    [InlineData("""{"generationConfig":{"candidateCount":1,"responseMimeType":"text/plain","responseModalities":["TEXT"]}}""")]
    [InlineData("""{"generation_config":{"max_output_tokens":5,"top_p":0.9}}""")]
    public void Apply_DefaultValuesAndSnakeCaseNames_PassSilently(string extra)
    {
        var report = new TranslationReport(strict: true);

        TranslationPolicy.Apply(Gemini(With(extra)), WireProtocol.OpenAIChat, report);

        report.Dropped.ShouldBeEmpty();
    }

    [Fact]
    public void Apply_GeminiCliDefaults_OntoOpenAI_DropOnlyTopK()
    {
        ChatRequest request = Gemini(With("""{"generationConfig":{"temperature":1,"topP":0.95,"topK":64,"thinkingConfig":{"includeThoughts":true,"thinkingLevel":"HIGH"}}}"""));
        var report = new TranslationReport();

        TranslationPolicy.Apply(request, WireProtocol.OpenAIChat, report);

        report.Dropped.ShouldBe(["generationConfig.topK"]);
    }

    [Fact]
    public void Apply_SameProtocol_DecidesNothing()
    {
        ChatRequest request = OpenAIRequestReader.Read(Encoding.UTF8.GetBytes("""{"model":"m","logprobs":true,"messages":[{"role":"user","content":"x"}]}"""));
        var report = new TranslationReport(strict: true);

        TranslationPolicy.Apply(request, WireProtocol.OpenAIChat, report);

        report.Dropped.ShouldBeEmpty();
    }

    private static string With(string extra) =>
        """{"contents":[{"role":"user","parts":[{"text":"hi"}]}],""" + extra.TrimStart('{');
}
