using System.Collections;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Purser.Assistant.Hosting;
using Purser.Configuration;
using Purser.Compression;
using Purser.Dispatch;
using Purser.Gateway.Admin;
using Purser.Gateway.Auth;
using Purser.Gateway.Dashboard;
using Purser.Gateway.Http;
using Purser.Gateway.Mcp;
using Purser.Gateway.Security;
using Purser.Gateway.Telemetry;
using Purser.Guards;
using Purser.Hosting;
using Purser.Pipeline;
using Purser.Prompts;
using Purser.Pricing;
using Purser.Providers.Registration;
using Purser.Storage.Hosting;
using Purser.Tokens;

namespace Purser.Gateway;

/// <summary>Builds the gateway web application: configuration, services, Kestrel on loopback, endpoints.</summary>
public static partial class GatewayHost
{
    /// <exception cref="PurserConfigurationException">The configuration is invalid; the message names each key.</exception>
    public static WebApplication Build(GatewayHostSettings settings)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        IConfiguration configuration = BuildConfiguration(builder.Configuration, settings);
        PurserOptions options = PurserOptionsLoader.Load(configuration, settings.Environment);
        builder.Services.AddSingleton(configuration);
        var gatewayOptions = new GatewayOptions();
        configuration.GetSection("Purser:Limits").Bind(gatewayOptions);
        var telemetryOptions = new TelemetryOptions();
        configuration.GetSection(TelemetryOptions.SectionName).Bind(telemetryOptions);
        var dashboardOptions = new DashboardOptions();
        configuration.GetSection(DashboardOptions.SectionName).Bind(dashboardOptions);
        if (gatewayOptions.Validate().Concat(telemetryOptions.Validate()).Concat(dashboardOptions.Validate()).ToList() is { Count: > 0 } hostErrors)
        {
            throw new PurserConfigurationException(hostErrors);
        }

        var adminAuth = new AdminAuth(options, settings.Environment);
        GatewaySecurityOptions security = LoadSecurity(configuration, options);
        ListenAddresses listen = ListenAddresses.Read(settings.EffectiveUrls, configuration);
        bool open = !adminAuth.HasMasterKey || !options.Auth.RequireKeys;
        if (open && listen.Exposed.Count > 0 && !settings.InsecureOpen)
        {
            throw new PurserConfigurationException([NotOnTheNetworkWhileOpen(listen)]);
        }

        builder.Logging.ClearProviders();
        if (string.Equals(settings.LogFormat, "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Purser", settings.LogLevel);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        // Data protection warns that the dashboard's keys are stored unencrypted: they sit, owner-only, beside the database.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);

        string urls = settings.EffectiveUrls;
        builder.WebHost.UseUrls(settings.MetricsPort is int metricsPort ? $"{urls};{MetricsUrl(urls, metricsPort)}" : urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = gatewayOptions.MaxRequestBodyBytes + 1;
        });

        AddServices(builder.Services, configuration, options, settings);
        builder.Services.AddSingleton(gatewayOptions);
        builder.Services.AddSingleton(new InFlightBodyBytes(gatewayOptions.MaxInFlightBodyBytes));
        builder.Services.AddSingleton(adminAuth);
        builder.Services.AddSingleton(security);
        builder.Services.AddSingleton(security.AuthFailures);
        builder.Services.AddSingleton(new HostAllowList(security.AllowedHosts, listen.ExplicitHosts, options.Auth.RequireKeys));
        builder.Services.AddSingleton(new OriginPolicy(security.Cors));
        builder.Services.AddSingleton<AuthFailureLimiter>();
        builder.Services.AddSingleton<RequestScreen>();
        builder.Services.AddHostedService<LedgerShutdown>();
        builder.Services.AddHostedService<CacheShutdown>();
        builder.Services.AddHostedService<BudgetsHostedService>();
        builder.Services.AddHostedService<ScaleOutHostedService>();
        builder.Services.AddGatewayEndpoints();
        GatewayTelemetry.Add(builder.Services, configuration, telemetryOptions);
        if (dashboardOptions.Enabled)
        {
            builder.Services.AddPurserDashboard(dashboardOptions, options.Home!);
        }

        settings.ConfigureServices?.Invoke(builder.Services);

        WebApplication app = builder.Build();
        if (open && listen.Exposed.Count > 0)
        {
            LogInsecureOpen(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Purser.Gateway.GatewayHost"), string.Join(", ", listen.Exposed));
        }

        // The meter and its gauges exist from the start, before the first call builds the pipeline.
        app.Services.GetRequiredService<Purser.Telemetry.PurserTelemetry>();
        app.UsePurserUnhandledErrors();
        if (settings.MetricsPort is int onlyMetrics)
        {
            // The metrics port answers GET /metrics and nothing else.
            app.Use((http, next) => http.Connection.LocalPort == onlyMetrics && !http.Request.Path.Equals("/metrics", StringComparison.Ordinal)
                ? Results.NotFound().ExecuteAsync(http)
                : next(http));
        }

        app.UsePurserRequestScreen();
        app.UsePurserKeys();
        app.UsePurserMcpAuthentication();
        if (dashboardOptions.Enabled)
        {
            app.MapPurserDashboard();
        }

        app.MapPurserGateway();
        GatewayTelemetry.MapMetrics(app, telemetryOptions, settings.MetricsPort);
        return app;
    }

    /// <summary>Why an open gateway does not start on a network address, and what to do instead.</summary>
    internal static string NotOnTheNetworkWhileOpen(ListenAddresses listen) =>
        $"Purser will not listen on {string.Join(", ", listen.Exposed)} while it is open: anyone who can reach that address could use the gateway and spend its provider keys. "
        + "Set a master key (Purser:Auth:MasterKey or PURSER_MASTER_KEY) and Purser:Auth:RequireKeys=true, or listen on 127.0.0.1 (the default), "
        + "or start with --insecure-open to accept the risk.";

    private static GatewaySecurityOptions LoadSecurity(IConfiguration configuration, PurserOptions options)
    {
        var security = new GatewaySecurityOptions();
        try
        {
            configuration.GetSection(GatewaySecurityOptions.SectionName).Bind(security);
        }
        catch (InvalidOperationException ex)
        {
            throw new PurserConfigurationException([ex.Message]);
        }

        IReadOnlyList<string> errors = security.Validate(options.Auth.RequireKeys);
        return errors.Count > 0 ? throw new PurserConfigurationException(errors) : security;
    }

    [LoggerMessage(EventId = 3120, Level = LogLevel.Critical, Message = "INSECURE: Purser is open (no master key, or keys not required) and listens on {Urls}: anyone who reaches that address can use the gateway and spend its provider keys. Set Purser:Auth:MasterKey and Purser:Auth:RequireKeys=true to close it.")]
    private static partial void LogInsecureOpen(ILogger logger, string urls);

    /// <summary>Loads configuration (data-folder purser.json, --config, Purser__ variables, overrides) and validates it.</summary>
    /// <exception cref="PurserConfigurationException">The configuration is invalid; the message names each key.</exception>
    public static (IConfiguration Configuration, PurserOptions Options) LoadConfiguration(GatewayHostSettings settings)
    {
        var manager = new ConfigurationManager();
        IConfiguration configuration = BuildConfiguration(manager, settings);
        return (configuration, PurserOptionsLoader.Load(configuration, settings.Environment));
    }

    /// <summary>
    /// Registers everything but the web server: pipeline, pricing, providers, storage, ledger. The gateway and the
    /// in-process CLI both use it, so there is one implementation of every feature.
    /// </summary>
    public static void AddServices(IServiceCollection services, IConfiguration configuration, PurserOptions options, GatewayHostSettings settings)
    {
        PurserBuilder purser = services.AddPurser(configuration, options, settings.Environment).AddSecretGuard().AddCompression().AddPrompts();
        PricingCatalog catalog = purser.Catalog!;

        // Load the tokenizer's ranks off the request path.
        _ = Task.Run(BpeEncoding.O200kBase.Preload);
        purser.AddStorage().AddBudgets(settings.Environment).AddRateLimits().AddLoadBalancing().AddSessions();
        purser.AddProviders().AddAssistant();
    }

    /// <summary>The metrics port's URL on the host of the first gateway URL (127.0.0.1 unless told otherwise).</summary>
    private static string MetricsUrl(string urls, int port)
    {
        string first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        string host = Uri.TryCreate(first.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out Uri? uri) ? uri.Host : "127.0.0.1";
        return $"http://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}";
    }

    /// <summary>The SQLite file: Purser:Database:ConnectionString, or &lt;Home&gt;/purser.db.</summary>
    public static string DatabasePath(PurserOptions options) => PurserBuilderConfiguredStorageExtensions.DatabasePath(options);

    private static IConfiguration BuildConfiguration(ConfigurationManager configuration, GatewayHostSettings settings)
    {
        configuration.Sources.Clear();
        string home = PurserOptionsLoader.DefaultHome(settings.Environment);
        configuration.AddJsonFile(Path.Combine(home, "purser.json"), optional: true, reloadOnChange: false);
        if (settings.ConfigFile is { } file)
        {
            if (!File.Exists(file))
            {
                throw new PurserConfigurationException([$"--config: the file '{file}' does not exist."]);
            }

            configuration.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false);
        }

        if (settings.ReadEnvironmentConfiguration)
        {
            var variables = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            {
                string key = (string)entry.Key;
                if (key.StartsWith("Purser__", StringComparison.OrdinalIgnoreCase))
                {
                    variables[key.Replace("__", ":", StringComparison.Ordinal)] = entry.Value as string;
                }
                else if (key.StartsWith("OTEL_", StringComparison.Ordinal))
                {
                    // The OpenTelemetry SDK reads its standard variables from configuration.
                    variables[key] = entry.Value as string;
                }
            }

            configuration.AddInMemoryCollection(variables);
        }

        configuration.AddInMemoryCollection(settings.Overrides);
        return configuration;
    }
}
