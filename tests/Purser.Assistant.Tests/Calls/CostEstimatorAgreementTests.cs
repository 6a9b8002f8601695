using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Purser.Assistant.Calls;
using Purser.Assistant.Hosting;
using Purser.Budgets;
using Purser.Chat;
using Purser.Configuration;
using Purser.Dispatch;
using Purser.Hosting;
using Purser.Pipeline;
using Purser.Pricing;
using Purser.Routing;
using Purser.Usage;
using Purser.Prompts;
using Purser.Storage.Sqlite;
using Purser.Assistant.Tests.TestSupport;

namespace Purser.Assistant.Tests.Calls;

/// <summary>
/// The assistant's <c>--max-cost</c> estimate and the budget's reservation are one estimate: composed as a host
/// composes them, a hard budget of exactly the assistant's worst case admits the prompt's request and one pico-dollar
/// less refuses it.
/// </summary>
public sealed class CostEstimatorAgreementTests : IDisposable
{
    private const string Model = "openai/gpt-4o";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task OneEstimator_IsRegisteredOnce_AndSharedByTheReservationAndTheAssistant()
    {
        await using ServiceProvider services = Compose();
        ReservationEstimator estimator = services.GetRequiredService<ReservationEstimator>();

        services.GetServices<IRequestStage>().OfType<BudgetReserveStage>().ShouldHaveSingleItem();
        services.GetRequiredService<DeploymentPrices>().ShouldBeSameAs(services.GetRequiredService<DeploymentPrices>());
        services.GetRequiredService<CostEstimator>().ShouldNotBeNull();
        estimator.ShouldBeSameAs(services.GetRequiredService<ReservationEstimator>());
    }

    [Theory]
    [InlineData(Purser.Assistant.Analysis.FileAnalyzer.PromptName)]
    [InlineData(Purser.Assistant.Review.CodeReviewer.PromptName)]
    public async Task AHardBudgetOfTheAssistantsWorstCase_AdmitsItsRequest_AndOnePicoLessRefusesIt(string promptName)
    {
        await using ServiceProvider services = Compose();
        RenderedPrompt prompt = Render(services, promptName);
        decimal worst = services.GetRequiredService<CostEstimator>().WorstCase(Model, prompt)!.Value;
        long reservedPico = Money.CeilingToPico(worst);

        services.GetRequiredService<BudgetManager>().Set("daily", new BudgetItemOptions { Limit = Money.FromPico(reservedPico - 1), Mode = "hard" })
            .Outcome.ShouldBe(BudgetChangeOutcome.Done);
        PurserContext refused = await SendAsync(services, prompt);
        refused.Error.ShouldNotBeNull();
        refused.Error.Code.ShouldBe("budget_exceeded");

        services.GetRequiredService<BudgetManager>().Set("daily", new BudgetItemOptions { Limit = Money.FromPico(reservedPico), Mode = "hard" })
            .Outcome.ShouldBe(BudgetChangeOutcome.Done);
        PurserContext admitted = await SendAsync(services, prompt);
        admitted.Error.ShouldBeNull();
        services.GetRequiredService<AnsweringDispatcher>().Calls.ShouldBe(1);
    }

    private static RenderedPrompt Render(ServiceProvider services, string promptName)
    {
        PromptLibrary prompts = services.GetRequiredService<PromptLibrary>();
        var variables = prompts.Get(promptName).Variables.ToDictionary(v => v, v => "def total(xs):\n    return sum(x * 2 for x in xs)  # " + v, StringComparer.Ordinal);
        return prompts.Render(promptName, variables);
    }

    private static async Task<PurserContext> SendAsync(ServiceProvider services, RenderedPrompt prompt)
    {
        PurserPipeline pipeline = services.GetRequiredService<PurserPipeline>();
        PurserContext context = pipeline.CreateContext(prompt.ToChatRequest(Model));
        await pipeline.ExecuteAsync(context, CancellationToken.None);
        return context;
    }

    private ServiceProvider Compose()
    {
        var options = new PurserOptions { Home = _folder.Path };
        options.Providers["openai"] = new ProviderOptions { Kind = ProviderKind.OpenAI, ApiKey = "test-key", Models = ["gpt-4o"] };
        options.Budgets.TimeZone = "UTC";
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<AnsweringDispatcher>();
        services.AddSingleton<IDispatcher>(sp => sp.GetRequiredService<AnsweringDispatcher>());
        services.AddSingleton<IProviderRegistry>(new ProviderRegistry([]));
        services.AddSingleton(new SqliteDatabase(Path.Combine(_folder.Path, "purser.db")));
        services.AddPurser(options).AddBudgets();
        services.AddPurserAssistant(new ConfigurationBuilder().Build(), options);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });
    }

    /// <summary>Answers from the route's first deployment with a small usage, and counts the calls that got this far.</summary>
    private sealed class AnsweringDispatcher : IDispatcher
    {
        private int _calls;

        public int Calls => _calls;

        public ValueTask DispatchAsync(PurserContext context, PurserPipeline pipeline, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            Deployment deployment = context.Route!.Deployments[0];
            var usage = new TokenUsage(100, 10);
            context.Attempts.Add(new AttemptRecord(deployment, 1) { Usage = usage });
            context.ServedBy = deployment;
            context.Usage = usage;
            var response = new ChatResponse { Model = deployment.Model, Usage = usage };
            response.Content.Add(new TextPart("ok"));
            context.Response = response;
            return ValueTask.CompletedTask;
        }
    }
}
