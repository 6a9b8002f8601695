using System.Net;
using Microsoft.Extensions.Logging;
using Purser.Configuration;
using Purser.Dispatch;
using Purser.Providers.Anthropic;
using Purser.Providers.Gemini;
using Purser.Providers.Http;
using Purser.Providers.OpenAI;
using Purser.Providers.Simulated;

namespace Purser.Providers.Registration;

/// <summary>Builds one adapter per configured provider, each with its own pooled HttpClient.</summary>
internal static class ProviderFactory
{
    public static ProviderRegistry Create(
        PurserOptions options,
        Func<string, string?> getEnvironmentVariable,
        TimeProvider time,
        ILoggerFactory loggers,
        Func<string, long> countTokens,
        Func<string, IChatProvider?>? custom = null)
    {
        var providers = new List<IChatProvider>();

        // Each provider's keys, resolved once (env:VAR, the environment's well-known variable).
        var configured = options.Providers
            .Select(p => (Name: p.Key, Provider: p.Value, ApiKeys: p.Value.KeySettings().Select(k => ProviderEnvironment.ResolveSecret(k, getEnvironmentVariable)).ToArray()))
            .ToList();

        // Every credential Purser holds for any provider: an upstream's error text is cleaned of all of them.
        var scrubber = new UpstreamErrorScrubber(configured.SelectMany(p => p.Provider.Headers.Values.Concat(p.ApiKeys)));
        var keyed = new Dictionary<string, IChatProvider>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, provider, apiKeys) in configured)
        {
            if (custom?.Invoke(name) is { } replacement)
            {
                providers.Add(replacement);
                continue;
            }

            ILogger logger = loggers.CreateLogger("Purser.Providers." + name);
            HttpClient http = CreateHttpClient(); // one connection pool per provider, shared by its keys
            for (int i = 0; i < apiKeys.Length; i++)
            {
                string? apiKey = apiKeys[i];
                IChatProvider adapter = provider.Kind!.ToLowerInvariant() switch
                {
                    ProviderKind.OpenAI => new OpenAIProvider(name, provider, apiKey, http, time, logger) { Scrubber = scrubber },
                    ProviderKind.Anthropic => new AnthropicProvider(name, provider, apiKey, http, time, logger) { Scrubber = scrubber },
                    ProviderKind.Gemini => new GeminiProvider(name, provider, apiKey, http, time, logger) { Scrubber = scrubber },
                    ProviderKind.Simulated => new SimulatedProvider(name, provider, time, countTokens),
                    _ => throw new NotSupportedException($"Purser:Providers:{name}:Kind '{provider.Kind}' is not a provider kind."),
                };
                if (i == 0)
                {
                    providers.Add(adapter);
                }

                if (apiKeys.Length > 1)
                {
                    keyed[ProviderRegistry.KeyOf(name, ProviderOptions.KeyLabel(i))] = adapter;
                }
            }
        }

        return new ProviderRegistry(providers, keyed);
    }

    /// <summary>One pooled client per provider: connections are reused, DNS refreshed every few minutes.</summary>
    public static HttpClient CreateHttpClient()
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate | DecompressionMethods.Brotli,
            MaxConnectionsPerServer = int.MaxValue,
            EnableMultipleHttp2Connections = true,
        };
        return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
