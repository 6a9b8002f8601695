using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Purser.Assistant.Advice;
using Purser.Assistant.Analysis;
using Purser.Assistant.Architecture;
using Purser.Assistant.Batch;
using Purser.Assistant.Calls;
using Purser.Assistant.Debugging;
using Purser.Assistant.Hosting;
using Purser.Assistant.Limits;
using Purser.Assistant.Notes;
using Purser.Assistant.Questions;
using Purser.Assistant.Repositories;
using Purser.Assistant.Review;
using Purser.Configuration;
using Purser.Pipeline;
using Purser.Pricing;
using Purser.Prompts;
using Purser.Reports;
using Purser.Routing;
using Purser.Storage.Sqlite;
using Purser.Tests;

namespace Purser.Assistant.Tests.TestSupport;

/// <summary>The assistant's services wired by hand over a <see cref="FakeBackend"/>, the shipped prompts and a fresh database.</summary>
internal sealed class AssistantFixture : IDisposable
{
    public const string Model = "openai/gpt-4o-mini";

    private readonly TempFolder _folder = new();

    public AssistantFixture(AssistantOptions? options = null, bool withProvider = true)
    {
        Options = options ?? new AssistantOptions();
        Purser = new PurserOptions { Home = _folder.Path };
        if (withProvider)
        {
            Purser.Providers["openai"] = new ProviderOptions { Kind = ProviderKind.OpenAI, ApiKey = "test-key" };
        }

        Purser.Providers["simulated"] = new ProviderOptions { Kind = ProviderKind.Simulated, Source = "built in" };
        Prompts = new PromptLibrary(Microsoft.Extensions.Options.Options.Create(new PromptLibraryOptions { File = null }));
        Resolver = new ModelResolver(Purser);
        Chooser = new ModelChooser(Purser, Options, Resolver);
        Runner = new AssistantRunner(Prompts, Chooser, Options, Backend);
        Limits = new AnalysisLimits(Options);
        Database = new SqliteDatabase(System.IO.Path.Combine(_folder.Path, "purser.db"));
        Store = new SqliteAnalysisStore(Database);
        Notes = new SqliteNoteStore(Database);
        Repositories = new SqliteRepositoryStore(Database);
        Analyzer = new FileAnalyzer(Runner, Store, Limits, Time);
        Catalog = PricingCatalog.LoadBuiltIn();
        Estimator = new CostEstimator(Resolver, new Purser.Budgets.ReservationEstimator(new DeploymentPrices(Catalog, Purser)), Purser);
    }

    public string Home => _folder.Path;

    public FakeBackend Backend { get; } = new();

    public ManualTimeProvider Time { get; } = new();

    public AssistantOptions Options { get; }

    public PurserOptions Purser { get; }

    public PromptLibrary Prompts { get; }

    public ModelResolver Resolver { get; }

    public ModelChooser Chooser { get; }

    public AssistantRunner Runner { get; }

    public AnalysisLimits Limits { get; }

    public SqliteDatabase Database { get; }

    public SqliteAnalysisStore Store { get; }

    public SqliteNoteStore Notes { get; }

    public SqliteRepositoryStore Repositories { get; }

    public FileAnalyzer Analyzer { get; }

    public PricingCatalog Catalog { get; }

    public CostEstimator Estimator { get; }

    public RepositoryAnalyzer Batch() => new(Analyzer, Estimator, Options, Time);

    public CodeReviewer Reviewer() => new(Runner, Limits, Options, Resolver, Catalog);

    public ErrorDebugger Debugger() => new(Runner, Limits, Options);

    public QuestionAnswerer Questions() => new(Runner, Options);

    public ArchitectureDesigner Designer() => new(Runner, Limits);

    public NextAdvisor Advisor(ICostReportStore? costs = null) =>
        new(Notes, Store, Repositories, new CostReporter(costs ?? new SqliteCostReportStore(Database), Time), Time);

    public void Dispose()
    {
        Prompts.Dispose();
        _folder.Dispose();
    }
}
