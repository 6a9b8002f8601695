using Purser.Chat;
using Purser.Routing;

namespace Purser.Core.Tests.Routing;

public sealed class AutoClassifierTests
{
    private static ChatRequest Ask(string latest, string? earlier = null)
    {
        var request = new ChatRequest { Model = "auto" };
        if (earlier is not null)
        {
            request.Messages.Add(ChatMessage.FromText(ChatRole.User, earlier));
            request.Messages.Add(ChatMessage.FromText(ChatRole.Assistant, "ok"));
        }

        request.Messages.Add(ChatMessage.FromText(ChatRole.User, latest));
        return request;
    }

    [Theory]
    [InlineData("fix syntax error", "cheap")]
    [InlineData("add comments", "cheap")]
    [InlineData("format this code", "cheap")]
    [InlineData("refactor entire class", "smart")]
    [InlineData("analyze performance", "smart")]
    [InlineData("design architecture", "smart")]
    [InlineData("yolo fix this now", "fast")]
    [InlineData("URGENT: Review this", "fast")]
    public void Classify_SeedExamples_ChooseTheSeedsTier(string prompt, string tier)
    {
        AutoClassification result = new AutoClassifier(new AutoRoutingOptions()).Classify(Ask(prompt), "chat");

        result.Tier.ShouldBe(tier);
        result.Rule.ShouldBe("keyword");
    }

    [Theory]
    [InlineData("please look at the prefix handling")] // fix inside prefix
    [InlineData("what is the address of the server")] // add inside address
    [InlineData("I know the answer")] // now inside know
    [InlineData("reviewing it is fine")] // review inside reviewing
    public void Classify_KeywordInsideAnotherWord_DoesNotMatch(string prompt)
    {
        AutoClassification result = new AutoClassifier(new AutoRoutingOptions()).Classify(Ask(prompt), "chat");

        result.Rule.ShouldBe("default");
        result.Tier.ShouldBe("cheap");
    }

    [Fact]
    public void Classify_OnlyTheLatestUserTurnCounts()
    {
        AutoClassification result = new AutoClassifier(new AutoRoutingOptions()).Classify(Ask("thanks, that is all", earlier: "refactor and redesign the architecture"), null);

        result.Rule.ShouldBe("default");
    }

    [Fact]
    public void Classify_MostHitsWin_TiesGoByTieOrder()
    {
        var classifier = new AutoClassifier(new AutoRoutingOptions());

        classifier.Classify(Ask("quickly fix the typo"), null).Tier.ShouldBe("cheap"); // fix, typo vs quickly
        classifier.Classify(Ask("refactor this quickly"), null).Tier.ShouldBe("fast"); // tie: fast before smart
        new AutoClassifier(new AutoRoutingOptions { TieOrder = ["smart", "fast", "cheap"] }).Classify(Ask("refactor this quickly"), null).Tier.ShouldBe("smart");
    }

    [Fact]
    public void Classify_OperationDecidesBeforeKeywords()
    {
        AutoClassification result = new AutoClassifier(new AutoRoutingOptions()).Classify(Ask("fix the typo"), "code_review");

        result.Tier.ShouldBe("smart");
        result.Rule.ShouldBe("operation");
        result.Reason.ShouldContain("code_review");
    }

    [Fact]
    public void Classify_LargePrompt_GoesToTheLargePromptTier()
    {
        string big = string.Join(' ', Enumerable.Repeat("lorem ipsum dolor sit amet", 2000));
        var classifier = new AutoClassifier(new AutoRoutingOptions { LargePromptTokens = 5000 });

        AutoClassification result = classifier.Classify(Ask(big), "chat");
        AutoClassification small = classifier.Classify(Ask("lorem ipsum"), "chat");

        result.Rule.ShouldBe("size");
        result.Tier.ShouldBe("smart");
        small.Rule.ShouldBe("default");
    }

    [Fact]
    public void Classify_ConfiguredKeywordsAndOperations_ReplaceAndExtendTheBuiltIns()
    {
        var classifier = new AutoClassifier(new AutoRoutingOptions
        {
            Keywords = { ["local"] = ["offline", "private code"], ["cheap"] = ["trivial"] },
            Operations = { ["code_review"] = "", ["triage"] = "local" },
            Tiers = { ["local"] = "ollama-models" },
        });

        classifier.Classify(Ask("this is private code, keep it offline"), null).Tier.ShouldBe("local");
        classifier.Classify(Ask("fix the typo"), null).Rule.ShouldBe("default"); // cheap's list was replaced
        classifier.Classify(Ask("a trivial change"), null).Tier.ShouldBe("cheap");
        classifier.Classify(Ask("x"), "code_review").Rule.ShouldBe("default");
        classifier.Classify(Ask("x"), "triage").Tier.ShouldBe("local");
        classifier.AliasFor("local").ShouldBe("ollama-models");
        classifier.AliasFor("smart").ShouldBe("smart");
    }

    [Fact]
    public void Classify_NoRequest_FallsToOperationOrDefault()
    {
        var classifier = new AutoClassifier(new AutoRoutingOptions { DefaultTier = "fast" });

        classifier.Classify(null, null).Tier.ShouldBe("fast");
        classifier.Classify(null, "architecture").Tier.ShouldBe("smart");
    }
}
