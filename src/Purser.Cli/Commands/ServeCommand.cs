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
        var command = new Command("serve", "Run the gateway (OpenAI- and Anthropic-compatible HTTP API)") { port, urls, insecureOpen };
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
            };
            if (settings.Port is < 1 or > 65535)
            {
                console.MarkupLine("[red]--port must be between 1 and 65535.[/]");
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

            PurserOptions options = app.Services.GetRequiredService<PurserOptions>();
            console.MarkupLineInterpolated($"[bold]Purser[/] gateway on [underline]{settings.EffectiveUrls}[/]  (data: {options.Home})");
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
}
