using System.Text.Json.Nodes;
using Purser.Budgets;
using Purser.Chat;
using Purser.Configuration;
using Purser.Pricing;
using Purser.Routing;

namespace Purser.Core.Tests.Budgets;

/// <summary>What a reservation covers: every answer asked for, what the request allows, unmeasurable content at the context window, calibration per shape.</summary>
public sealed class ReservationEstimatorTests
{
    private static readonly PricingCatalog Catalog = PricingCatalog.LoadBuiltIn();
    private static readonly Deployment Gpt41 = new("openai", "gpt-4.1");
    private static readonly Deployment Sonnet = new("anthropic", "claude-sonnet-4-5");

    private static ReservationEstimator Estimator() => new(new DeploymentPrices(Catalog, new PurserOptions()));

    private static ChatRequest Ask(string text, int? maxTokens = null, int? choices = null) =>
        new() { MaxTokens = maxTokens, Choices = choices, Messages = { new ChatMessage(ChatRole.User, [new TextPart(text)]) } };

    [Fact]
    public void MaxOutput_SeveralAnswers_IsTheLimitTimesTheAnswers()
    {
        ModelPrice price = Catalog.Find("openai/gpt-4.1")!;

        Estimator().MaxOutput(Ask("hi", maxTokens: 1000, choices: 20), Gpt41, price, 4096).ShouldBe(20_000);
        Estimator().MaxOutput(Ask("hi", choices: 3), Gpt41, price, 4096).ShouldBe(3 * 32_768); // the catalog's cap per answer
    }

    [Fact]
    public void MaxOutput_RequestAboveTheCatalogsCap_IsTheRequests()
    {
        // claude-3-7-sonnet lists 64,000; the output-128k beta allows 128,000, and that is what a caller may be billed.
        Estimator().MaxOutput(Ask("hi", maxTokens: 128_000), new Deployment("anthropic", "claude-3-7-sonnet"), Catalog.Find("anthropic/claude-3-7-sonnet"), 4096).ShouldBe(128_000);
    }

    [Fact]
    public void Estimate_ContentByReference_TakesTheContextWindow()
    {
        var request = new ChatRequest { MaxTokens = 100 };
        request.Messages.Add(new ChatMessage(ChatRole.User, [new OpaquePart("file", JsonNode.Parse("""{"type":"file","file":{"file_id":"file-1"}}"""), WireProtocol.OpenAIChat), new TextPart("Summarise.")]));

        WorstCase worst = Estimator().Estimate(request, [Gpt41], 4096);

        worst.PromptTokens.ShouldBe(1_047_576); // gpt-4.1's context window
        worst.Usd.ShouldBe((1_047_576m * 2.00m + 100m * 8.00m) / 1_000_000m);
    }

    [Fact]
    public void Observe_ADocumentBilledMoreThanCounted_DoesNotRaiseTextCalls()
    {
        ReservationEstimator estimator = Estimator();
        var document = new ChatRequest { MaxTokens = 100 };
        document.Messages.Add(new ChatMessage(ChatRole.User, [new OpaquePart("document", JsonNode.Parse("""{"type":"document","source":{"type":"text","media_type":"text/plain","data":"A short note."}}"""), WireProtocol.AnthropicMessages)]));
        var reserved = new Dictionary<string, ReservedUsage>();
        WorstCase before = estimator.Estimate(Ask("hi", maxTokens: 100), [Sonnet], 4096);
        estimator.Estimate(document, [Sonnet], 4096, reserved);

        // The provider billed the small document as 150,000 prompt tokens.
        estimator.Observe(Sonnet, reserved[Sonnet.Id], reportedInput: 150_000, reportedOutput: 100);

        estimator.Estimate(Ask("hi", maxTokens: 100), [Sonnet], 4096).ShouldBe(before);
        estimator.Estimate(document, [Sonnet], 4096).PromptTokens.ShouldBeGreaterThanOrEqualTo(150_000); // documents learned it
    }
}
