using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Purser.Configuration;
using Purser.Cli.Hosting;
using Purser.Gateway;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary><c>purser serve</c>: runs the gateway (127.0.0.1:4000 unless told otherwise).</summary>
internal static class ServeCommand
{
    public static Command Create(IAnsiConsole console, CliEnvironment environment)
    {
        var port = new Option<int>("--port", "-p") { Description = "Port to listen on (127.0.0.1)", DefaultValueFactory = _ => 4000 };
        var urls = new Option<string?>("--urls") { Description = "Listen URLs instead of 127.0.0.1:<port>, e.g. http://0.0.0.0:4000 (semicolon-separated)" };
        var insecureOpen = new Option<bool>("--insecure-open")
        {
            Description = "Listen beyond loopback although the gateway is open (no master key or keys not required): anyone who reaches it can spend your provider keys",
        };
        var metricsPort = new Option<int?>("--metrics-port") { Description = "Serve GET /metrics (Prometheus) on this port alone, without a key, instead of behind the admin key on the gateway's port" };
        var logFormat = new Option<string>("--log-format") { Description = "Console logs as text or json (one object per line, with trace ids)", DefaultValueFactory = _ => "text" };
        logFormat.AcceptOnlyFromAmong("text", "json");
        var command = new Command("serve", "Run the gateway (OpenAI- and Anthropic-compatible HTTP API) and its dashboard") { port, urls, insecureOpen, metricsPort, logFormat };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new GatewayHostSettings
            {
                Port = parse.GetValue(port),
                Urls = parse.GetValue(urls),
                InsecureOpen = parse.GetValue(insecureOpen),
                ConfigFile = parse.GetValue(GlobalOptions.Config),
                Environment = environment.Variables,
                ReadEnvironmentConfiguration = environment.ReadEnvironmentConfiguration,
                MetricsPort = parse.GetValue(metricsPort),
                LogFormat = parse.GetValue(logFormat)!,
            };
            if (settings.Port is < 1 or > 65535 || settings.MetricsPort is < 1 or > 65535 || settings.MetricsPort == settings.Port)
            {
                console.MarkupLine("[red]--port and --metrics-port must be different ports between 1 and 65535.[/]");
                return 2;
            }

            WebApplication app;
            try
            {
                app = GatewayHost.Build(settings);
            }
            catch (PurserConfigurationException ex)
            {
                console.MarkupLine("[red]Purser cannot start:[/]");
                foreach (string error in ex.Errors)
                {
                    console.MarkupLineInterpolated($"  [red]-[/] {error}");
                }

                return 2;
            }

            if (settings.LogFormat != "json")
            {
                // With JSON logs every line of standard output is a JSON object a log shipper can read: no banner.
                WriteBanner(console, app, settings);
            }

            try
            {
                await app.StartAsync(cancellationToken);
                await app.WaitForShutdownAsync(cancellationToken);
                await app.StopAsync(CancellationToken.None);
            }
            catch (IOException ex)
            {
                console.MarkupLineInterpolated($"[red]Cannot listen: {ex.Message}[/]");
                return 1;
            }

            return 0;
        });
        return command;
    }

    private static void WriteBanner(IAnsiConsole console, WebApplication app, GatewayHostSettings settings)
    {
        PurserOptions options = app.Services.GetRequiredService<PurserOptions>();
        string url = settings.EffectiveUrls;
        console.MarkupLineInterpolated($"[bold]Purser[/] gateway on [underline]{url}[/]  (data: {options.Home})");
        console.MarkupLineInterpolated($"  dashboard: [underline]{url.Split(';')[0].TrimEnd('/')}/[/]");
        if (settings.InsecureOpen)
        {
            console.MarkupLine("[bold red on yellow] INSECURE [/] [red]--insecure-open: this gateway needs no key and may listen beyond loopback. Anyone who reaches it can use it and spend your provider keys. Set Purser:Auth:MasterKey and Purser:Auth:RequireKeys=true to close it.[/]");
        }

        foreach (var (name, provider) in options.Providers.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            console.MarkupLineInterpolated($"  provider [green]{name}[/] ({provider.Kind}, from {provider.Source})");
        }

        if (options.Providers.Count == 1)
        {
            console.MarkupLine("  [grey]No provider keys found. Set OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, XAI_API_KEY, OPENROUTER_API_KEY or OLLAMA_HOST, or try model \"simulated/demo\".[/]");
        }
    }
}
