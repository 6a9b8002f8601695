using Purser.Assistant.Calls;
using Purser.Assistant.Hosting;
using Purser.Configuration;
using Purser.Prompts;
using Purser.Routing;

namespace Purser.Assistant.Tests.Calls;

public sealed class ModelChooserTests : IDisposable
{
    private readonly PromptLibrary _prompts = new(Microsoft.Extensions.Options.Options.Create(new PromptLibraryOptions()));

    [Fact]
    public void Choose_RequestedModel_WinsOverEverything()
    {
        ModelChoice choice = Chooser(Options(), new AssistantOptions { Model = "x/y" }).Choose("file_scoring", Prompt("file_scoring"), "anthropic/claude-haiku-4-5");

        choice.Model.ShouldBe("anthropic/claude-haiku-4-5");
    }

    [Fact]
    public void Choose_PerOperationThenGlobalSetting()
    {
        var assistant = new AssistantOptions { Model = "openai/gpt-4o" };
        assistant.Models["code_review"] = "openai/gpt-4.1";

        Chooser(Options(), assistant).Choose("code_review", Prompt("code_review"), null).Model.ShouldBe("openai/gpt-4.1");
        Chooser(Options(), assistant).Choose("qa", Prompt("qa"), null).Model.ShouldBe("openai/gpt-4o");
    }

    [Fact]
    public void Choose_ConfiguredTierAlias_IsUsed()
    {
        PurserOptions options = Options();
        options.Models["cheap"] = new ModelAliasOptions { Targets = ["openai/gpt-4o-mini"] };

        ModelChoice choice = Chooser(options, new AssistantOptions()).Choose("file_scoring", Prompt("file_scoring"), null);

        choice.Model.ShouldBe("cheap");
        choice.Reason.ShouldContain("tier alias");
    }

    [Fact]
    public void Choose_NoConfiguredAlias_UsesTheBuiltInTierAlias_WhenAProviderItKnowsIsConfigured()
    {
        PurserOptions options = Options();

        ModelChoice scoring = Chooser(options, new AssistantOptions()).Choose("file_scoring", Prompt("file_scoring"), null);
        ModelChoice review = Chooser(options, new AssistantOptions()).Choose("code_review", Prompt("code_review"), null);

        scoring.Model.ShouldBe("cheap");
        review.Model.ShouldBe("smart");
        new ModelResolver(options).Resolve("cheap", out _)!.Deployments.Select(d => d.Provider).ShouldBe(["openai"]);
    }

    [Fact]
    public void Choose_ProviderUnderAnotherName_FallsBackToItsUsualModelForTheTier()
    {
        var options = new PurserOptions();
        options.Providers["simulated"] = new ProviderOptions { Kind = ProviderKind.Simulated, Source = "built in" };
        options.Providers["claude"] = new ProviderOptions { Kind = ProviderKind.Anthropic, ApiKey = "k" };

        Chooser(options, new AssistantOptions()).Choose("file_scoring", Prompt("file_scoring"), null).Model.ShouldBe("claude/claude-haiku-4-5");
        Chooser(options, new AssistantOptions()).Choose("code_review", Prompt("code_review"), null).Model.ShouldBe("claude/claude-sonnet-4-5");
    }

    [Fact]
    public void Choose_ProviderWithListedModels_TakesItsFirstModel()
    {
        var options = new PurserOptions();
        options.Providers["simulated"] = new ProviderOptions { Kind = ProviderKind.Simulated, Source = "built in" };
        options.Providers["local"] = new ProviderOptions { Kind = ProviderKind.OpenAI, BaseUrl = "http://127.0.0.1:11434/v1", Models = ["qwen2.5-coder:7b"] };

        Chooser(options, new AssistantOptions()).Choose("qa", Prompt("qa"), null).Model.ShouldBe("local/qwen2.5-coder:7b");
    }

    [Fact]
    public void Choose_OnlyTheBuiltInSimulatedProvider_FailsNamingTheWaysToConfigure()
    {
        var options = new PurserOptions();
        options.Providers["simulated"] = new ProviderOptions { Kind = ProviderKind.Simulated, Source = "built in" };

        ModelChoice choice = Chooser(options, new AssistantOptions()).Choose("qa", Prompt("qa"), null);

        choice.Succeeded.ShouldBeFalse();
        choice.Error!.ShouldContain("OPENAI_API_KEY");
        choice.Error!.ShouldContain("ANTHROPIC_API_KEY");
        choice.Error!.ShouldContain("OLLAMA_HOST");
        choice.Error!.ShouldContain("--model simulated/demo");
    }

    public void Dispose() => _prompts.Dispose();

    private static PurserOptions Options()
    {
        var options = new PurserOptions();
        options.Providers["openai"] = new ProviderOptions { Kind = ProviderKind.OpenAI, ApiKey = "k" };
        options.Providers["simulated"] = new ProviderOptions { Kind = ProviderKind.Simulated, Source = "built in" };
        return options;
    }

    private static ModelChooser Chooser(PurserOptions options, AssistantOptions assistant) => new(options, assistant, new ModelResolver(options));

    private PromptDefinition Prompt(string name) => _prompts.Get(name);
}
