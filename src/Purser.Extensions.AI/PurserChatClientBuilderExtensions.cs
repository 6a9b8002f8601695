using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Purser.Configuration;
using Purser.Dispatch;
using Purser.Extensions.AI.Mapping;
using Purser.Hosting;
using Purser.Keys;
using Purser.Pipeline;
using Purser.Storage.Hosting;

namespace Purser.Extensions.AI;

/// <summary>Microsoft.Extensions.AI middleware: Purser's money control around any <see cref="IChatClient"/>.</summary>
public static class PurserChatClientBuilderExtensions
{
    /// <summary>
    /// Puts Purser around the client built so far: every call is guarded, checked against the budgets, answered from
    /// the cache when it can be, priced with the one cost function and recorded in the ledger (SQLite in
    /// <c>Purser:Home</c>, the gateway's own ledger when they share a home). The wrapped client does the talking.
    /// </summary>
    /// <param name="builder">The builder over the wrapped client (e.g. <c>openAiChatClient.AsBuilder()</c>).</param>
    /// <param name="configure">Sets the configuration, provider name, default model and attribution.</param>
    /// <exception cref="PurserConfigurationException">Purser's configuration is invalid (thrown when the client is built).</exception>
    public static ChatClientBuilder UsePurser(this ChatClientBuilder builder, Action<PurserMiddlewareOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            var options = new PurserMiddlewareOptions();
            configure?.Invoke(options);
            return PurserMiddleware.Create(inner, services, options);
        });
    }
}

/// <summary>Builds the pipeline of one <c>UsePurser</c> client: Purser's stages, with the wrapped client as its only provider.</summary>
internal static class PurserMiddleware
{
    public const string ProviderKind = "chatclient";

    public static IChatClient Create(IChatClient inner, IServiceProvider? host, PurserMiddlewareOptions settings)
    {
        ChatClientMetadata? metadata = inner.GetService<ChatClientMetadata>();
        string provider = settings.ProviderName ?? metadata?.ProviderName ?? ProviderKind;
        IConfiguration configuration = settings.Configuration ?? host?.GetService<IConfiguration>() ?? new ConfigurationBuilder().Build();
        Func<string, string?> environment = settings.GetEnvironmentVariable ?? Environment.GetEnvironmentVariable;
        PurserOptions options = PurserOptionsLoader.Load(configuration, environment);

        // Every call goes to the wrapped client: it is the only provider, and every model name is its.
        options.Providers.Clear();
        options.Providers[provider] = new ProviderOptions { Kind = ProviderKind, Source = "UsePurser" };
        var slot = new ChatOptionsSlot();
        var services = new ServiceCollection();
        services.AddSingleton(host?.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(host?.GetService<TimeProvider>() ?? TimeProvider.System);
        services.AddSingleton<IProviderRegistry>(new ProviderRegistry([new ChatClientProvider(provider, inner, slot)]));
        services.AddPurser(configuration, options, environment)
            .AddSecretGuard()
            .AddCompression()
            .AddSqliteStorage()
            .AddBudgets(environment)
            .AddRateLimits();
        ServiceProvider pipelineServices = services.BuildServiceProvider();
        var client = new PurserChatClient(
            pipelineServices.GetRequiredService<PurserPipeline>(),
            new PurserChatClientOptions { DefaultModel = settings.DefaultModel ?? metadata?.DefaultModelId, Origin = settings.Origin, Defaults = settings.Defaults },
            pipelineServices.GetRequiredService<KeyRegistry>(),
            provider);
        return new OwningChatClient(client, inner, slot, pipelineServices);
    }

    /// <summary>The Purser client of a <c>UsePurser</c>: hands the caller's options to the wrapped client and owns the pipeline's services.</summary>
    private sealed class OwningChatClient(PurserChatClient purser, IChatClient inner, ChatOptionsSlot slot, ServiceProvider services) : DelegatingChatClient(purser)
    {
        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            slot.Current = options;
            return base.GetResponseAsync(messages, options, cancellationToken);
        }

        public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            return Stream(messages, options, cancellationToken);
        }

        public override object? GetService(Type serviceType, object? serviceKey = null) =>
            base.GetService(serviceType, serviceKey) ?? inner.GetService(serviceType, serviceKey);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                // The ledger writer and the cache write what they still hold as the services go.
                services.DisposeAsync().AsTask().GetAwaiter().GetResult();
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private async IAsyncEnumerable<ChatResponseUpdate> Stream(IEnumerable<ChatMessage> messages, ChatOptions? options, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            slot.Current = options;
            await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
            {
                yield return update;
            }
        }
    }
}
