using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Purser.Assistant.Advice;
using Purser.Assistant.Analysis;
using Purser.Assistant.Architecture;
using Purser.Assistant.Batch;
using Purser.Assistant.Calls;
using Purser.Assistant.CrossCheck;
using Purser.Assistant.Generation;
using Purser.Assistant.Templates;
using Purser.Assistant.Validation;
using Purser.Assistant.Debugging;
using Purser.Assistant.Limits;
using Purser.Assistant.Notes;
using Purser.Assistant.Questions;
using Purser.Assistant.Repositories;
using Purser.Assistant.Review;
using Purser.Assistant.Stats;
using Purser.Configuration;
using Purser.Guards;
using Purser.Hosting;
using Purser.Pipeline;
using Purser.Prompts;
using Purser.Storage.Postgres;
using Purser.Storage.Sqlite;

namespace Purser.Assistant.Hosting;

/// <summary>Registers the developer assistant over Purser's pipeline. Every registration uses TryAdd, so a caller can replace any part first.</summary>
public static class AssistantServiceCollectionExtensions
{
    /// <summary>Binds and validates <c>Purser:Assistant</c> and registers the assistant's services.</summary>
    /// <exception cref="PurserConfigurationException">The assistant's configuration is invalid; each error names its key.</exception>
    public static IServiceCollection AddPurserAssistant(this IServiceCollection services, IConfiguration configuration, PurserOptions purser)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(purser);
        var options = new AssistantOptions();
        try
        {
            configuration.GetSection(AssistantOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new PurserConfigurationException([ex.Message]);
        }

        var validation = new ValidationOptions();
        var templates = new TemplateOptions();
        try
        {
            configuration.GetSection(ValidationOptions.SectionName).Bind(validation);
            configuration.GetSection(TemplateOptions.SectionName).Bind(templates);
        }
        catch (InvalidOperationException ex)
        {
            throw new PurserConfigurationException([ex.Message]);
        }

        IReadOnlyList<string> errors = [.. AssistantOptionsValidator.Validate(options), .. validation.Validate(), .. templates.Validate()];
        if (errors.Count > 0)
        {
            throw new PurserConfigurationException(errors);
        }

        PurserBuilderPromptExtensions.AddPrompts(services, configuration, purser.Home);

        services.TryAddSingleton(options);
        services.TryAddSingleton<AnalysisLimits>();
        services.TryAddSingleton<ModelChooser>();
        services.TryAddSingleton<IAssistantBackend, PipelineBackend>();
        services.TryAddSingleton<AssistantRunner>();
        AddStore<IAnalysisStore>(services, pg => new PostgresAnalysisStore(pg), sqlite => new SqliteAnalysisStore(sqlite));
        AddStore<IRepositoryStore>(services, pg => new PostgresRepositoryStore(pg), sqlite => new SqliteRepositoryStore(sqlite));
        AddStore<INoteStore>(services, pg => new PostgresNoteStore(pg), sqlite => new SqliteNoteStore(sqlite));
        services.TryAddSingleton<FileAnalyzer>();
        services.TryAddSingleton<QuickAnalyzer>();
        services.TryAddSingleton<CostEstimator>();
        services.TryAddSingleton<RepositoryAnalyzer>();
        services.TryAddSingleton<QuestionAnswerer>();
        services.TryAddSingleton<CodeReviewer>();
        services.TryAddSingleton<ErrorDebugger>();
        services.TryAddSingleton<ArchitectureDesigner>();
        services.TryAddSingleton<NextAdvisor>();
        services.TryAddSingleton<StatsReporter>();

        // The validator, cross-model review, learned templates and generation (docs/GENERATION.md).
        services.TryAddSingleton(validation);
        services.TryAddSingleton(templates);
        services.TryAddSingleton(sp => new CodeValidator(sp.GetRequiredService<ValidationOptions>(), sp.GetService<SecretGuard>()));
        AddStore<ITemplateStore>(services, pg => new PostgresTemplateStore(pg), sqlite => new SqliteTemplateStore(sqlite));
        services.TryAddSingleton<TemplateMatcher>();
        services.TryAddSingleton<TemplateLearner>();
        services.TryAddSingleton<TemplateCatalog>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRequestStage, TemplateLookupStage>());
        services.TryAddSingleton<CrossChecker>();
        services.TryAddSingleton<CodeGenerator>();
        return services;
    }

    /// <summary>A store on the shared PostgreSQL database when the storage is there, else in the embedded SQLite file.</summary>
    private static void AddStore<TStore>(IServiceCollection services, Func<PostgresDatabase, TStore> postgres, Func<SqliteDatabase, TStore> sqlite)
        where TStore : class =>
        services.TryAddSingleton(sp => sp.GetService<PostgresDatabase>() is { } pg ? postgres(pg) : sqlite(sp.GetRequiredService<SqliteDatabase>()));
}
