using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Purser.Configuration;
using Purser.Gateway;
using Purser.Ledger;

namespace Purser.Cli.Hosting;

/// <summary>
/// Purser in process for one CLI command: the same configuration and services as the gateway (pipeline,
/// pricing, providers, the local database), without the web server. Disposing flushes the ledger.
/// </summary>
public sealed class CliContext : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private CliContext(ServiceProvider services, PurserOptions options, IConfiguration configuration)
    {
        _services = services;
        Options = options;
        Configuration = configuration;
    }

    public PurserOptions Options { get; }

    public IConfiguration Configuration { get; }

    public IServiceProvider Services => _services;

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <exception cref="PurserConfigurationException">The configuration is invalid.</exception>
    public static CliContext Create(CliEnvironment environment, string? configFile) => Create(environment, configFile, overrides: null);

    /// <param name="environment">Where variables and the working folder come from.</param>
    /// <param name="configFile">A --config file, or null.</param>
    /// <param name="overrides">Configuration values that win over every source (a command's own settings), or null.</param>
    /// <exception cref="PurserConfigurationException">The configuration is invalid.</exception>
    public static CliContext Create(CliEnvironment environment, string? configFile, IReadOnlyDictionary<string, string?>? overrides)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var settings = new GatewayHostSettings
        {
            ConfigFile = configFile,
            Environment = environment.Variables,
            ReadEnvironmentConfiguration = environment.ReadEnvironmentConfiguration,
        };
        foreach ((string key, string? value) in overrides ?? new Dictionary<string, string?>())
        {
            settings.Overrides[key] = value;
        }

        (IConfiguration configuration, PurserOptions options) = GatewayHost.LoadConfiguration(settings);
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.AddSimpleConsole(o => o.SingleLine = true);
            logging.SetMinimumLevel(LogLevel.Error);
        });
        services.AddSingleton(configuration);
        GatewayHost.AddServices(services, configuration, options, settings);
        return new CliContext(services.BuildServiceProvider(), options, configuration);
    }

    public async ValueTask DisposeAsync()
    {
        if (_services.GetService<LedgerWriter>() is { } writer)
        {
            await writer.DisposeAsync();
        }

        await _services.DisposeAsync();
    }
}
