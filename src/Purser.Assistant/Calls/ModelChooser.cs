using Purser.Assistant.Hosting;
using Purser.Configuration;
using Purser.Prompts;
using Purser.Routing;

namespace Purser.Assistant.Calls;

/// <summary>
/// The default-model rule of the assistant, first match wins:
/// <list type="number">
/// <item>the model the caller named (<c>--model</c>, the request's <c>model</c>);</item>
/// <item><c>Purser:Assistant:Models:&lt;operation&gt;</c>, then <c>Purser:Assistant:Model</c>;</item>
/// <item>a model pinned by the prompt file (<c>model</c>);</item>
/// <item>the prompt's tier alias (<c>cheap</c>, <c>smart</c>, <c>fast</c>) when it resolves: the user's, or the built-in
/// one, which serves once a provider it knows by name is configured;</item>
/// <item>the first configured provider (configuration file order, then OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY,
/// XAI_API_KEY, OPENROUTER_API_KEY, OLLAMA_HOST): its first listed model, else its usual model for the prompt's tier;</item>
/// <item>nothing configured (only the built-in simulated provider): no model, and a message naming the variables to set,
/// Ollama and <c>--model simulated/demo</c>.</item>
/// </list>
/// </summary>
internal sealed class ModelChooser(PurserOptions options, AssistantOptions assistant, ModelResolver resolver)
{
    /// <summary>The usual models of the well-known providers for the cheap/fast tiers and the smart tier.</summary>
    private static readonly Dictionary<string, (string Cheap, string Smart)> Usual = new(StringComparer.OrdinalIgnoreCase)
    {
        ["openai"] = ("gpt-4.1-mini", "gpt-4.1"),
        ["anthropic"] = ("claude-haiku-4-5", "claude-sonnet-4-5"),
        ["gemini"] = ("gemini-2.5-flash", "gemini-2.5-pro"),
        ["xai"] = ("grok-3-mini", "grok-4"),
        ["openrouter"] = ("openai/gpt-4.1-mini", "anthropic/claude-sonnet-4.5"),
        ["ollama"] = ("llama3.2", "llama3.2"),
    };

    /// <summary>Chooses the model for <paramref name="operation"/> with <paramref name="prompt"/>.</summary>
    public ModelChoice Choose(string operation, PromptDefinition prompt, string? requested)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (!string.IsNullOrWhiteSpace(requested))
        {
            return new ModelChoice(requested.Trim(), "chosen by the caller");
        }

        if (assistant.Models.TryGetValue(operation, out string? perOperation) && !string.IsNullOrWhiteSpace(perOperation))
        {
            return new ModelChoice(perOperation, $"{AssistantOptions.SectionName}:Models:{operation}");
        }

        if (!string.IsNullOrWhiteSpace(assistant.Model))
        {
            return new ModelChoice(assistant.Model, $"{AssistantOptions.SectionName}:Model");
        }

        if (prompt.Model is { Length: > 0 } pinned)
        {
            return new ModelChoice(pinned, $"pinned by the prompt '{prompt.Name}'");
        }

        string alias = prompt.Target;
        if (resolver.Resolve(alias, out _) is not null)
        {
            return new ModelChoice(alias, $"the prompt's tier alias '{alias}'");
        }

        foreach ((string name, ProviderOptions provider) in options.Providers)
        {
            if (DefaultFor(name, provider, prompt.Tier) is { } model)
            {
                return new ModelChoice($"{name}/{model}", $"the first configured provider ({name}); choose another with --model or {AssistantOptions.SectionName}:Model");
            }
        }

        return ModelChoice.Fail(NoProviderMessage());
    }

    /// <summary>
    /// A model of a configured provider other than <paramref name="excludedProvider"/> (the one that wrote the code), for
    /// the cross-model review: <paramref name="requested"/> when its provider differs, else the first other configured
    /// provider's model for the prompt's tier (the built-in simulated provider does not count).
    /// </summary>
    public ModelChoice ChooseOtherProvider(string? excludedProvider, PromptDefinition prompt, string? requested)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (!string.IsNullOrWhiteSpace(requested))
        {
            string model = requested.Trim();
            IReadOnlyList<Deployment>? deployments = resolver.Resolve(model, out _)?.Deployments;
            if (deployments is null or { Count: 0 })
            {
                return ModelChoice.Fail($"The review model '{model}' is not one Purser can resolve here.");
            }

            return excludedProvider is not null && deployments.Any(d => string.Equals(d.Provider, excludedProvider, StringComparison.OrdinalIgnoreCase))
                ? ModelChoice.Fail($"The review model '{model}' is served by {excludedProvider}, the provider that wrote the code: name a model of another provider.")
                : new ModelChoice(model, "chosen for the review");
        }

        foreach ((string name, ProviderOptions provider) in options.Providers)
        {
            if (!string.Equals(name, excludedProvider, StringComparison.OrdinalIgnoreCase) && DefaultFor(name, provider, prompt.Tier) is { } model)
            {
                return new ModelChoice($"{name}/{model}", $"the first configured provider other than {excludedProvider ?? "the writer's"} ({name})");
            }
        }

        return ModelChoice.Fail(excludedProvider is null
            ? "No model provider is configured for the review."
            : $"No provider other than {excludedProvider} (which wrote the code) is configured, so no second model can review it: configure another provider, or name one in Purser:Validation:CrossCheckModel.");
    }

    /// <summary>What to tell a user who has no provider configured.</summary>
    public static string NoProviderMessage() =>
        "No model provider is configured, so there is no model to ask. Set an API key: OPENAI_API_KEY, ANTHROPIC_API_KEY, "
        + "GEMINI_API_KEY (or GOOGLE_API_KEY), XAI_API_KEY or OPENROUTER_API_KEY; or run a local model for free with Ollama "
        + "(https://ollama.com) and set OLLAMA_HOST=http://localhost:11434; or try Purser with no key at all through the "
        + "built-in simulated provider: --model simulated/demo (\"model\": \"simulated/demo\" in an API request), which gives "
        + "deterministic placeholder answers at $0.";

    private static string? DefaultFor(string name, ProviderOptions provider, PromptTier tier)
    {
        bool simulated = string.Equals(provider.Kind, ProviderKind.Simulated, StringComparison.OrdinalIgnoreCase);
        if (simulated && provider.Source == "built in")
        {
            return null; // always present: it does not count as "configured"
        }

        if (provider.Models.Count > 0)
        {
            return provider.Models[0];
        }

        if (simulated)
        {
            return "demo";
        }

        // By name (openai, xai, ollama …), else by kind for the protocols that mean one vendor.
        if (Usual.TryGetValue(name, out var usual)
            || (provider.Kind is { } kind && !string.Equals(kind, ProviderKind.OpenAI, StringComparison.OrdinalIgnoreCase) && Usual.TryGetValue(kind, out usual)))
        {
            return tier == PromptTier.Smart ? usual.Smart : usual.Cheap;
        }

        return null;
    }
}
