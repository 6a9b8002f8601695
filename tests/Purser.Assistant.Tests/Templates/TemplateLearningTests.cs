using Purser.Assistant.Templates;
using Purser.Assistant.Tests.TestSupport;
using Purser.Chat;
using Purser.Pipeline;
using Purser.Storage.Sqlite;
using Purser.Tests;

namespace Purser.Assistant.Tests.Templates;

/// <summary>Learning, upgrading with history, matching and the pipeline stage, over the SQLite template store.</summary>
public sealed class TemplateLearningTests : IDisposable
{
    private const string Answer = "### `xero_client.py`\n```python\nclass XeroClient:\n    \"\"\"Xero.\"\"\"\n```\n";

    private readonly TempFolder _folder = new();
    private readonly ManualTimeProvider _time = new();
    private readonly SqliteTemplateStore _store;
    private readonly TemplateOptions _options = new();
    private readonly TemplateLearner _learner;
    private readonly TemplateMatcher _matcher;

    public TemplateLearningTests()
    {
        _store = new SqliteTemplateStore(new SqliteDatabase(Path.Combine(_folder.Path, "purser.db")));
        _learner = new TemplateLearner(_store, _options, _time);
        _matcher = new TemplateMatcher(_store, _options);
    }

    [Fact]
    public async Task Learn_SameSignatureWithAHigherScore_UpgradesAndKeepsTheOldVersion()
    {
        TemplateLearner.Outcome first = await Learn("Create a Xero API client", Answer, 91, 0.002m);
        _time.Advance(TimeSpan.FromMinutes(5));
        TemplateLearner.Outcome lower = await Learn("Create a Stripe API client", Answer.Replace("Xero", "Stripe", StringComparison.Ordinal), 90, 0.003m);
        TemplateLearner.Outcome better = await Learn("Create a Stripe API client", Answer.Replace("Xero", "Stripe", StringComparison.Ordinal) + "# v2\n", 97, 0.004m);

        first.Template!.Id.ShouldBe(1);
        lower.Template.ShouldBeNull();
        lower.Message.ShouldBe("not learned: template 1 already answers this task with score 91 (≥ 90)");
        better.Template!.Id.ShouldBe(1);
        better.Template.Version.ShouldBe(2);
        better.Template.Score.ShouldBe(97);
        better.Template.Task.ShouldBe("Create a Stripe API client");
        better.Template.SourceCostUsd.ShouldBe(0.004m);
        IReadOnlyList<TemplateVersion> history = await _store.HistoryAsync(1, CancellationToken.None);
        history.Count.ShouldBe(1);
        history[0].Version.ShouldBe(1);
        history[0].Score.ShouldBe(91);
        history[0].Reason.ShouldBe("upgraded: score 91 → 97");
        (await _store.ListAsync(CancellationToken.None)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Learn_BelowTheMinimumScore_IsNotLearned()
    {
        TemplateLearner.Outcome outcome = await Learn("Create a Xero API client", Answer, 89, 0.002m);

        outcome.Template.ShouldBeNull();
        outcome.Message.ShouldBe("not learned: the score 89 is below 90 (Purser:Templates:MinScore)");
        (await _store.ListAsync(CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Match_OnlySameLanguageAndStackAboveTheThreshold()
    {
        await Learn("Create a Xero API client", Answer, 95, 0.002m);
        TaskPattern stripe = TaskPattern.Parse("Create a Stripe API client");

        (TemplateMatch? hit, _) = await _matcher.MatchAsync("code_generation", "python", "httpx", stripe, _options.Similarity, CancellationToken.None);
        (TemplateMatch? otherLanguage, _) = await _matcher.MatchAsync("code_generation", "csharp", "httpx", stripe, _options.Similarity, CancellationToken.None);
        (TemplateMatch? retries, TemplateCandidate? near) = await _matcher.MatchAsync("code_generation", "python", "httpx", TaskPattern.Parse("Create a Stripe API client with retries"), _options.Similarity, CancellationToken.None);

        hit.ShouldNotBeNull();
        hit.Code.ShouldContain("class StripeClient:");
        hit.Code.ShouldContain("stripe_client.py");
        otherLanguage.ShouldBeNull();
        retries.ShouldBeNull();
        near!.Similarity.ShouldBe(0.8);
    }

    [Fact]
    public async Task Stage_AnswersAGenerationCallFromTheTemplate_AtNoCostWithTheSaving()
    {
        await Learn("Create a Xero API client", Answer, 95, 0.002m);
        var stage = new TemplateLookupStage(_matcher, _store, _time);
        var query = new TemplateQuery { Language = "python", Stack = "httpx", Task = TaskPattern.Parse("Create a Stripe API client") };
        PurserContext context = Context(query, "code_generation");

        await stage.InvokeAsync(context, CancellationToken.None);

        context.Response!.Text.ShouldContain("class StripeClient:");
        context.CacheStatus.ShouldBe(CacheStatus.Template);
        context.SavedUsd.ShouldBe(0.002m);
        context.ServedBy!.Id.ShouldBe("template/1");
        query.Match!.Template.Id.ShouldBe(1);
        (await _store.GetAsync(1, CancellationToken.None))!.Uses.ShouldBe(1);
    }

    [Fact]
    public async Task Stage_MultiTurnChatOrAnOperationThatOptedOut_IsNeverAnsweredFromATemplate()
    {
        await Learn("Create a Xero API client", Answer, 95, 0.002m);
        var stage = new TemplateLookupStage(_matcher, _store, _time);
        var multiQuery = new TemplateQuery { Language = "python", Stack = "httpx", Task = TaskPattern.Parse("Create a Stripe API client") };
        PurserContext multi = Context(multiQuery, "code_generation");
        multi.Request.Messages.Add(ChatMessage.FromText(ChatRole.Assistant, "Which language?"));
        multi.Request.Messages.Add(ChatMessage.FromText(ChatRole.User, "Python"));
        var otherQuery = new TemplateQuery { Language = "python", Stack = "httpx", Task = TaskPattern.Parse("Create a Stripe API client") };
        PurserContext other = Context(otherQuery, "chat");

        await stage.InvokeAsync(multi, CancellationToken.None);
        await stage.InvokeAsync(other, CancellationToken.None);

        multi.Response.ShouldBeNull();
        multiQuery.Skipped.ShouldBe("a multi-turn chat is never answered from a template");
        other.Response.ShouldBeNull();
        otherQuery.Skipped!.ShouldContain("Purser:Templates:Operations");
        (await _store.GetAsync(1, CancellationToken.None))!.Uses.ShouldBe(0);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private Task<TemplateLearner.Outcome> Learn(string task, string answer, int score, decimal cost) =>
        _learner.LearnAsync("code_generation", "python", "httpx", task, answer, score, "openai/gpt-4.1", cost, CancellationToken.None);

    private PurserContext Context(TemplateQuery query, string operation)
    {
        var request = new ChatRequest { Model = "openai/gpt-4.1" };
        request.Messages.Add(ChatMessage.FromText(ChatRole.User, "Task: " + query.Task.Task));
        var context = new PurserContext(request, "req_test", _time.GetUtcNow(), _time.GetTimestamp())
        {
            Attribution = new Attribution { Operation = operation },
        };
        context.Items[TemplateQuery.ItemKey] = query;
        return context;
    }
}
