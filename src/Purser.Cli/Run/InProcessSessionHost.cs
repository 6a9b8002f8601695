using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Purser.Cli.Hosting;
using Purser.Configuration;
using Purser.Gateway;
using Purser.Sessions;

namespace Purser.Cli.Run;

/// <summary>
/// The gateway started in this process for one session, on a free loopback port, with the local configuration and
/// database. It writes nothing to the terminal (the agent owns it) and ignores Ctrl-C (the agent decides what Ctrl-C
/// means); it stops when the session ends.
/// </summary>
internal sealed class InProcessSessionHost : ISessionHost
{
    private readonly WebApplication _app;
    private readonly SessionService _sessions;

    private InProcessSessionHost(WebApplication app, string url, IReadOnlyList<string> providers)
    {
        _app = app;
        _sessions = app.Services.GetRequiredService<SessionService>();
        Url = url;
        Providers = providers;
    }

    public string Url { get; }

    public string Description => "a gateway in process on " + Url;

    public IReadOnlyList<string> Providers { get; }

    /// <exception cref="PurserConfigurationException">The configuration is invalid.</exception>
    public static async Task<InProcessSessionHost> StartAsync(CliEnvironment environment, string? configFile, CancellationToken cancellationToken)
    {
        var settings = new GatewayHostSettings
        {
            Urls = "http://127.0.0.1:0",
            ConfigFile = configFile,
            Environment = environment.Variables,
            ReadEnvironmentConfiguration = environment.ReadEnvironmentConfiguration,
            LogLevel = LogLevel.None,
            ConfigureServices = services =>
            {
                services.RemoveAll<ILoggerProvider>();
                services.AddSingleton<IHostLifetime, SessionHostLifetime>();
            },
        };
        WebApplication app = GatewayHost.Build(settings);
        await app.StartAsync(cancellationToken);
        string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        PurserOptions options = app.Services.GetRequiredService<PurserOptions>();
        List<string> providers = [.. options.Providers.Where(p => !string.Equals(p.Value.Kind, ProviderKind.Simulated, StringComparison.OrdinalIgnoreCase)).Select(p => p.Key).Order(StringComparer.Ordinal)];
        return new InProcessSessionHost(app, url, providers);
    }

    public Task<SessionStart> StartAsync(SessionRequest request, CancellationToken cancellationToken)
    {
        var (started, errors) = _sessions.Start(request);
        return started is null ? throw new CliException(string.Join(" ", errors), 2) : Task.FromResult(started);
    }

    public Task<SessionSummary?> SummaryAsync(string id, CancellationToken cancellationToken) => _sessions.SummaryAsync(id, cancellationToken);

    public Task<SessionSummary?> EndAsync(string id, int? exitCode, CancellationToken cancellationToken) => _sessions.EndAsync(id, exitCode, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
