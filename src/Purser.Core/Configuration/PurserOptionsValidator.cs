namespace Purser.Configuration;

/// <summary>Validates the configuration eagerly; each error names the key that is wrong.</summary>
internal static class PurserOptionsValidator
{
    public static IReadOnlyList<string> Validate(PurserOptions options, Func<string, string?> getEnvironmentVariable)
    {
        var errors = new List<string>();
        foreach (var (name, provider) in options.Providers)
        {
            string key = $"Purser:Providers:{name}";
            if (name.Contains('/', StringComparison.Ordinal) || string.IsNullOrWhiteSpace(name))
            {
                errors.Add($"{key}: a provider name must be non-empty and must not contain '/'.");
            }

            if (string.IsNullOrWhiteSpace(provider.Kind))
            {
                errors.Add($"{key}:Kind is required ({string.Join(" | ", ProviderKind.All)}).");
                continue;
            }

            if (!ProviderKind.IsKnown(provider.Kind))
            {
                errors.Add($"{key}:Kind '{provider.Kind}' is not a provider kind ({string.Join(" | ", ProviderKind.All)}).");
                continue;
            }

            if (provider.BaseUrl is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
            {
                errors.Add($"{key}:BaseUrl '{url}' is not an absolute http(s) URL.");
            }

            bool isSimulated = string.Equals(provider.Kind, ProviderKind.Simulated, StringComparison.OrdinalIgnoreCase);
            if (!isSimulated && provider.BaseUrl is null && !string.Equals(provider.Kind, ProviderKind.Anthropic, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(provider.Kind, ProviderKind.Gemini, StringComparison.OrdinalIgnoreCase) && !string.Equals(name, "openai", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{key}:BaseUrl is required for an OpenAI-compatible provider other than 'openai'.");
            }

            if (provider.ApiKey is not null && provider.ApiKeys.Count > 0)
            {
                errors.Add($"{key}: set ApiKey or ApiKeys, not both.");
            }

            ValidateKey($"{key}:ApiKey", provider.ApiKey, getEnvironmentVariable, errors);
            for (int i = 0; i < provider.ApiKeys.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(provider.ApiKeys[i]))
                {
                    errors.Add($"{key}:ApiKeys:{i} is empty.");
                }
                else
                {
                    ValidateKey($"{key}:ApiKeys:{i}", provider.ApiKeys[i], getEnvironmentVariable, errors);
                }
            }

            if (isSimulated && provider.ApiKeys.Count > 1)
            {
                errors.Add($"{key}:ApiKeys: the simulated provider takes no keys.");
            }

            if (provider.TimeoutSeconds is <= 0 or > 3600)
            {
                errors.Add($"{key}:TimeoutSeconds must be between 1 and 3600.");
            }

            SimulatedProviderOptions sim = provider.Simulated;
            if (sim.FailureRate is < 0 or > 1)
            {
                errors.Add($"{key}:Simulated:FailureRate must be between 0 and 1.");
            }

            if (sim.FailureStatus is < 400 or > 599)
            {
                errors.Add($"{key}:Simulated:FailureStatus must be an HTTP error status (400-599).");
            }

            if (sim.LatencyMs < 0 || sim.ChunkDelayMs < 0 || sim.ReplyTokens < 1)
            {
                errors.Add($"{key}:Simulated: LatencyMs and ChunkDelayMs must be >= 0 and ReplyTokens >= 1.");
            }

            for (int i = 0; i < provider.Models.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(provider.Models[i]))
                {
                    errors.Add($"{key}:Models:{i} is empty.");
                }
            }
        }

        foreach (var (alias, model) in options.Models)
        {
            string key = $"Purser:Models:{alias}";
            if (alias.Contains('/', StringComparison.Ordinal))
            {
                errors.Add($"{key}: an alias must not contain '/'.");
            }

            if (model.Targets.Count == 0)
            {
                errors.Add($"{key}:Targets must list at least one provider/model.");
            }

            for (int i = 0; i < model.Targets.Count; i++)
            {
                string target = model.Targets[i];
                int slash = target.IndexOf('/', StringComparison.Ordinal);
                if (slash <= 0 || slash == target.Length - 1)
                {
                    errors.Add($"{key}:Targets:{i} '{target}' is not of the form provider/model.");
                }
            }

            if (!Balancing.BalanceStrategies.TryParse(model.Strategy, out _))
            {
                errors.Add($"{key}:Strategy '{model.Strategy}' is not a strategy ({string.Join(" | ", Balancing.BalanceStrategies.Names)}).");
            }

            foreach (var (target, settings) in model.PerTarget)
            {
                string targetKey = $"{key}:PerTarget:{target}";
                if (!model.Targets.Contains(target, StringComparer.OrdinalIgnoreCase))
                {
                    errors.Add($"{targetKey}: '{target}' is not one of the alias's Targets.");
                }

                if (settings.Weight is < 1 or > 1_000_000)
                {
                    errors.Add($"{targetKey}:Weight must be between 1 and 1000000.");
                }

                if (settings.Rpm is < 1 || settings.Tpm is < 1)
                {
                    errors.Add($"{targetKey}: Rpm and Tpm must be at least 1 (leave them out for no quota).");
                }
            }
        }

        if (options.Ledger.QueueCapacity < 1 || options.Ledger.MaxBatchSize < 1)
        {
            errors.Add("Purser:Ledger: QueueCapacity and MaxBatchSize must be at least 1.");
        }

        if (options.Database.MaxSizeMegabytes is double maxSize && !(maxSize is > 0 and <= 1_000_000))
        {
            errors.Add($"Purser:Database:MaxSizeMegabytes must be more than 0 (MiB); got {maxSize}.");
        }

        if (options.Database.LockTimeoutSeconds is < 1 or > 300)
        {
            errors.Add($"Purser:Database:LockTimeoutSeconds must be between 1 and 300; got {options.Database.LockTimeoutSeconds}.");
        }

        if (options.Ledger.WriteAttempts is < 1 or > 10)
        {
            errors.Add($"Purser:Ledger:WriteAttempts must be between 1 and 10; got {options.Ledger.WriteAttempts}.");
        }

        if (!(options.Ledger.ProbeIntervalSeconds is >= 0.05 and <= 60))
        {
            errors.Add($"Purser:Ledger:ProbeIntervalSeconds must be between 0.05 and 60; got {options.Ledger.ProbeIntervalSeconds}.");
        }

        if (!string.Equals(options.Database.Provider, "sqlite", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(options.Database.Provider, "postgres", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"Purser:Database:Provider '{options.Database.Provider}' must be sqlite or postgres.");
        }
        else if (string.Equals(options.Database.Provider, "postgres", StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(options.Database.ConnectionString))
        {
            errors.Add("Purser:Database:ConnectionString is required when Purser:Database:Provider is postgres (a connection string, or env:VARIABLE).");
        }

        if (options.Database.InstanceTimeoutSeconds is < 3 or > 60)
        {
            errors.Add($"Purser:Database:InstanceTimeoutSeconds {options.Database.InstanceTimeoutSeconds} must be between 3 and 60.");
        }

        if (options.Database.ResyncSeconds is < 1 or > 3600)
        {
            errors.Add($"Purser:Database:ResyncSeconds {options.Database.ResyncSeconds} must be between 1 and 3600.");
        }

        Caching.CacheOptionsValidator.Validate(options.Cache, errors);
        errors.AddRange(options.Responses.Validate());
        Resilience.ResilienceOptionsValidator.Validate(options, errors);
        Routing.RoutingOptionsValidator.Validate(options, errors);
        options.RateLimits.Validate(errors);
        Budgets.BudgetOptionsValidator.Validate(options.Budgets, options.Alerts, getEnvironmentVariable, errors);
        return errors;
    }

    /// <summary>An <c>env:VARIABLE</c> key setting must name a variable that is set (the value itself is never shown).</summary>
    private static void ValidateKey(string key, string? value, Func<string, string?> getEnvironmentVariable, List<string> errors)
    {
        if (value is null || !value.StartsWith("env:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        string variable = value[4..];
        if (variable.Length == 0)
        {
            errors.Add($"{key} 'env:' names no environment variable.");
        }
        else if (string.IsNullOrEmpty(getEnvironmentVariable(variable)))
        {
            errors.Add($"{key} reads environment variable {variable}, which is not set.");
        }
    }
}
