using Purser.Configuration;

namespace Purser.Routing;

/// <summary>Checks cascade values (from configuration or an imported document); every error names its key.</summary>
internal static class CascadeValidator
{
    /// <param name="document">The cascade to check.</param>
    /// <param name="root">The key or path its errors start with.</param>
    /// <param name="style">':' for configuration keys (Purser:Routing:Projects:p:MaxTokens), '.' for document paths (projects.p.maxTokens).</param>
    /// <param name="options">The configuration the cascade refers to (providers, models).</param>
    /// <param name="errors">Where errors are added.</param>
    public static void Validate(CascadeDocument document, string root, char style, PurserOptions options, List<string> errors)
    {
        // Structural words are spelt per style (Projects / projects); project and agent names are kept as written.
        string W(string word) => style == ':' ? word : Camel(word);
        string Key(params string[] parts) => (root.Length == 0 ? "" : root + style) + string.Join(style, parts);

        if (document.System is { } system)
        {
            string scope = style == ':' ? "Defaults" : "system";
            Check(system, Key(scope), style, options, errors);
            if (system.BudgetShare is not null)
            {
                errors.Add($"{Key(scope, W("BudgetShare"))}: the system level has the whole budget; set BudgetShare on projects and agents.");
            }

            if (system.Agents is { Count: > 0 })
            {
                errors.Add($"{Key(scope, W("Agents"))}: agents belong under a project or under {Key(W("Agents"))}.");
            }
        }

        foreach (var (project, settings) in document.Projects ?? [])
        {
            Name(project, Key(W("Projects")), errors);
            Check(settings, Key(W("Projects"), project), style, options, errors);
            foreach (var (agent, agentSettings) in settings.Agents ?? [])
            {
                Name(agent, Key(W("Projects"), project, W("Agents")), errors);
                Check(agentSettings, Key(W("Projects"), project, W("Agents"), agent), style, options, errors);
                if (agentSettings.Agents is { Count: > 0 })
                {
                    errors.Add($"{Key(W("Projects"), project, W("Agents"), agent, W("Agents"))}: agents do not nest.");
                }
            }
        }

        foreach (var (agent, settings) in document.Agents ?? [])
        {
            Name(agent, Key(W("Agents")), errors);
            Check(settings, Key(W("Agents"), agent), style, options, errors);
            if (settings.Agents is { Count: > 0 })
            {
                errors.Add($"{Key(W("Agents"), agent, W("Agents"))}: agents do not nest.");
            }
        }
    }

    private static void Check(CascadeSettings s, string key, char style, PurserOptions options, List<string> errors)
    {
        string Field(string name) => key + style + (style == ':' ? name : Camel(name));

        if (s.Model is { } model && (string.IsNullOrWhiteSpace(model) || string.Equals(model.Trim(), RoutingDefaults.Default, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add($"{Field("Model")} must name a model or alias (not empty, not 'default').");
        }

        if (s.Provider is { } provider && !options.Providers.ContainsKey(provider))
        {
            errors.Add($"{Field("Provider")} '{provider}' is not a configured provider ({string.Join(", ", options.Providers.Keys)}).");
        }

        if (s.Temperature is < 0 or > 2)
        {
            errors.Add($"{Field("Temperature")} must be between 0 and 2.");
        }

        if (s.MaxTokens is < 1)
        {
            errors.Add($"{Field("MaxTokens")} must be at least 1.");
        }

        if (s.BudgetShare is { } share && (share <= 0 || share > 1))
        {
            errors.Add($"{Field("BudgetShare")} must be more than 0 and at most 1 (a share of the parent's budget).");
        }
    }

    private static void Name(string name, string key, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add($"{key}: a name must not be empty.");
        }
    }

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
