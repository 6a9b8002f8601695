using System.Reflection;
using Purser.Assistant.Hosting;
using Purser.Configuration;
using Purser.Extensions.AI;
using Purser.Providers.Registration;
using Purser.Storage.Hosting;

namespace Purser.FunctionalTests.InProcess;

/// <summary>
/// The packages make public only what a library user or a host needs (issue 19, DESIGN.md: internal by default): the
/// <c>AddPurser</c> builder and its extensions, the options bound from configuration, the in-process chat client, the
/// cost function and tokenizer, and the ledger and report rows those show. Everything else is internal (the sibling
/// assemblies and the tests see it through InternalsVisibleTo). A type made public by accident fails here; one made
/// public on purpose is added to the list, and docs/LIBRARY.md says what it is for.
/// </summary>
public sealed class PublicApiTests
{
    private static readonly Dictionary<Assembly, string[]> Approved = new()
    {
        [typeof(PurserOptions).Assembly] =
        [
            "Purser.Alerts.AlertOptions", "Purser.Alerts.WebhookOptions",
            "Purser.Budgets.BudgetAllocationOptions", "Purser.Budgets.BudgetItemOptions", "Purser.Budgets.BudgetOptions",
            "Purser.Budgets.BudgetSettlement", "Purser.Budgets.BudgetTierOptions",
            "Purser.Caching.CacheKey", "Purser.Caching.CacheOptions",
            "Purser.Compression.PromptCompressionOptions",
            "Purser.Configuration.AliasTargetOptions", "Purser.Configuration.AuthOptions", "Purser.Configuration.DatabaseOptions",
            "Purser.Configuration.ModelAliasOptions", "Purser.Configuration.ProviderOptions",
            "Purser.Configuration.PurserConfigurationException", "Purser.Configuration.PurserOptions",
            "Purser.Configuration.SimulatedProviderOptions", "Purser.Configuration.TranslationOptions",
            "Purser.Guards.SecretGuardMode", "Purser.Guards.SecretGuardOptions", "Purser.Guards.SecretGuardOverride",
            "Purser.Hosting.PurserBuilder", "Purser.Hosting.PurserBuilderBalancingExtensions", "Purser.Hosting.PurserBuilderBudgetExtensions",
            "Purser.Hosting.PurserBuilderCacheExtensions", "Purser.Hosting.PurserBuilderCompressionExtensions",
            "Purser.Hosting.PurserBuilderGuardExtensions", "Purser.Hosting.PurserBuilderLedgerExtensions",
            "Purser.Hosting.PurserBuilderPromptExtensions", "Purser.Hosting.PurserBuilderRateLimitExtensions",
            "Purser.Hosting.PurserBuilderResponseStateExtensions", "Purser.Hosting.PurserBuilderSessionExtensions",
            "Purser.Hosting.PurserServiceCollectionExtensions",
            "Purser.Ledger.LedgerAttempt", "Purser.Ledger.LedgerDurability", "Purser.Ledger.LedgerEntry", "Purser.Ledger.LedgerOptions",
            "Purser.Pricing.CostCalculator", "Purser.Pricing.CostResult", "Purser.Pricing.LongContextPrice", "Purser.Pricing.ModelPrice",
            "Purser.Prompts.PromptLibraryOptions",
            "Purser.RateLimits.RateLimit", "Purser.RateLimits.RateLimitOptions",
            "Purser.Reports.CostGroup", "Purser.Reports.CostReport", "Purser.Reports.CostSeries", "Purser.Reports.CostSeriesPoint",
            "Purser.Reports.CostSummary", "Purser.Reports.CostTotals", "Purser.Reports.RecentCall",
            "Purser.Resilience.CircuitBreakerOptions", "Purser.Resilience.ProviderResilienceOptions",
            "Purser.Resilience.ResilienceOptions", "Purser.Resilience.RetryOptions",
            "Purser.ResponseState.ResponseStateOptions",
            "Purser.Routing.AutoRoutingOptions", "Purser.Routing.CascadeSettings", "Purser.Routing.RoutingOptions",
            "Purser.Tokens.BpeEncoding", "Purser.Tokens.PromptShape", "Purser.Tokens.TokenCount",
            "Purser.Usage.TokenUsage",
        ],
        [typeof(PurserBuilderProviderExtensions).Assembly] =
        [
            "Purser.Providers.Registration.PurserBuilderProviderExtensions",
        ],
        [typeof(PurserBuilderStorageExtensions).Assembly] =
        [
            "Purser.Storage.Hosting.PurserBuilderConfiguredStorageExtensions", "Purser.Storage.Hosting.PurserBuilderStorageExtensions",
        ],
        [typeof(PurserBuilderAssistantExtensions).Assembly] =
        [
            "Purser.Assistant.Hosting.AssistantOptions", "Purser.Assistant.Hosting.AssistantServiceCollectionExtensions",
            "Purser.Assistant.Hosting.BatchOptions", "Purser.Assistant.Hosting.PurserBuilderAssistantExtensions",
            "Purser.Assistant.Hosting.ReviewOptions", "Purser.Assistant.Hosting.SarifOptions",
            "Purser.Assistant.Templates.TemplateOptions", "Purser.Assistant.Validation.ValidationOptions",
        ],
        [typeof(PurserChatClient).Assembly] =
        [
            "Purser.Extensions.AI.PurserBudgetExceededException", "Purser.Extensions.AI.PurserCacheMode",
            "Purser.Extensions.AI.PurserCallInfo", "Purser.Extensions.AI.PurserCallOptions", "Purser.Extensions.AI.PurserChatClient",
            "Purser.Extensions.AI.PurserChatClientBuilderExtensions", "Purser.Extensions.AI.PurserChatClientOptions",
            "Purser.Extensions.AI.PurserChatOptionsExtensions", "Purser.Extensions.AI.PurserException",
            "Purser.Extensions.AI.PurserMiddlewareOptions", "Purser.Extensions.AI.PurserProperties",
            "Purser.Extensions.AI.PurserServiceCollectionExtensions",
        ],
    };

    [Fact]
    public void EachLibrary_MakesPublicOnlyTheApprovedTypes()
    {
        var problems = new List<string>();
        foreach (var (assembly, approved) in Approved)
        {
            var exported = assembly.GetExportedTypes().Select(t => t.FullName!).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(exported.Except(approved).Order(StringComparer.Ordinal)
                .Select(t => $"{assembly.GetName().Name}: {t} is public but not approved (make it internal, or add it here on purpose)"));
            problems.AddRange(approved.Except(exported).Order(StringComparer.Ordinal)
                .Select(t => $"{assembly.GetName().Name}: {t} is approved but not public (remove it from the list)"));
        }

        problems.ShouldBeEmpty(string.Join("\n", problems));
    }
}
