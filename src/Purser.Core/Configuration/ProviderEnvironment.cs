namespace Purser.Configuration;

/// <summary>
/// Adds providers from well-known environment variables (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY or
/// GOOGLE_API_KEY, XAI_API_KEY or GROK_API_KEY, OPENROUTER_API_KEY, OLLAMA_HOST) unless configuration already
/// defines a provider of that name. A built-in <c>simulated</c> provider is always present unless configured.
/// </summary>
internal static class ProviderEnvironment
{
    public static void Apply(PurserOptions options, Func<string, string?> getEnvironmentVariable)
    {
        foreach (WellKnownProvider known in WellKnownProvider.All)
        {
            if (options.Providers.ContainsKey(known.Name))
            {
                continue;
            }

            foreach (string variable in known.KeyVariables)
            {
                string? value = getEnvironmentVariable(variable);
                if (string.IsNullOrWhiteSpace(value))
                {
                    continue;
                }

                var provider = new ProviderOptions { Kind = known.Kind, BaseUrl = known.DefaultBaseUrl, Source = $"environment ({variable})" };
                if (known.Name == "ollama")
                {
                    provider.BaseUrl = OllamaBaseUrl(value);
                }
                else
                {
                    provider.ApiKey = "env:" + variable;
                }

                options.Providers[known.Name] = provider;
                break;
            }
        }

        if (!options.Providers.ContainsKey("simulated"))
        {
            options.Providers["simulated"] = new ProviderOptions { Kind = ProviderKind.Simulated, Source = "built in" };
        }
    }

    /// <summary>Ollama's OLLAMA_HOST may be "host:port" or a URL; its OpenAI-compatible API lives under /v1.</summary>
    public static string OllamaBaseUrl(string host)
    {
        string url = host.Trim();
        if (!url.Contains("://", StringComparison.Ordinal))
        {
            url = "http://" + url;
        }

        url = url.TrimEnd('/');
        if (url.StartsWith("http://0.0.0.0", StringComparison.Ordinal))
        {
            url = "http://127.0.0.1" + url["http://0.0.0.0".Length..];
        }

        return url.EndsWith("/v1", StringComparison.Ordinal) ? url : url + "/v1";
    }

    /// <summary>Resolves an ApiKey setting: a literal, or <c>env:VAR</c>.</summary>
    public static string? ResolveSecret(string? value, Func<string, string?> getEnvironmentVariable)
    {
        if (value is null)
        {
            return null;
        }

        return value.StartsWith("env:", StringComparison.OrdinalIgnoreCase) ? getEnvironmentVariable(value[4..]) : value;
    }
}
