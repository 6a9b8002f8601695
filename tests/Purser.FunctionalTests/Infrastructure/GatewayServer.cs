using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Purser.Gateway;

namespace Purser.FunctionalTests.Infrastructure;

/// <summary>The real gateway on Kestrel on a loopback port, configured in memory, isolated from the machine's environment.</summary>
public sealed class GatewayServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    /// <summary>The master key a test gateway gets unless its configuration names one (or none, with a null value).</summary>
    public const string TestMasterKey = "test-master-key-3f9c2d";

    private GatewayServer(WebApplication app, string url, string home, string? masterKey)
    {
        _app = app;
        Url = url;
        Home = home;
        MasterKey = masterKey;
    }

    /// <summary>The gateway's master key (null when the test configured none).</summary>
    public string? MasterKey { get; }

    /// <summary>e.g. http://127.0.0.1:51235.</summary>
    public string Url { get; }

    /// <summary>The gateway's data folder (a fresh temporary folder).</summary>
    public string Home { get; }

    public IServiceProvider Services => _app.Services;

    public HttpClient CreateClient() => new() { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>A client that sends the master key (x-purser-master-key), for the admin API; a Bearer key a test sets still wins on /v1.</summary>
    public HttpClient CreateAdminClient()
    {
        HttpClient http = CreateClient();
        http.DefaultRequestHeaders.Add("x-purser-master-key", MasterKey ?? throw new InvalidOperationException("This test gateway has no master key."));
        return http;
    }

    public static async Task<GatewayServer> StartAsync(IDictionary<string, string?> configuration, IDictionary<string, string>? environment = null, Action<IServiceCollection>? services = null, Action<GatewayHostSettings>? settings = null)
    {
        string home = Path.Combine(Path.GetTempPath(), "purser-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>(), StringComparer.Ordinal) { ["PURSER_HOME"] = home };
        var host = new GatewayHostSettings
        {
            Urls = "http://127.0.0.1:0",
            Environment = name => env.TryGetValue(name, out string? value) ? value : null,
            ReadEnvironmentConfiguration = false,
            ConfigureServices = services,
            LogLevel = LogLevel.Warning,
        };
        // The admin API needs a master key: every test gateway has one unless the test says otherwise.
        host.Overrides["Purser:Auth:MasterKey"] = TestMasterKey;
        foreach (var (key, value) in configuration)
        {
            host.Overrides[key] = value;
        }

        settings?.Invoke(host);
        WebApplication app = GatewayHost.Build(host);
        await app.StartAsync();
        string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GatewayServer(app, url, home, host.Overrides["Purser:Auth:MasterKey"]);
    }

    /// <summary>A clean shutdown that leaves the data folder in place (for checks after the stop).</summary>
    public async Task StopWithoutCleanupAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync();
        }
    }

    private bool _stopped;

    public async ValueTask DisposeAsync()
    {
        await StopWithoutCleanupAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
