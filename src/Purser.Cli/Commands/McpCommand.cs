using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;
using Purser.Cli.Hosting;
using Purser.Gateway;
using Purser.Gateway.Mcp;
using Purser.Keys;

namespace Purser.Cli.Commands;

/// <summary>
/// <c>purser mcp</c>: Purser's assistant as MCP tools over stdio, for agents that start their MCP servers as commands.
/// It runs Purser's services in this process (the local configuration and database; the tools' model calls priced,
/// budgeted and in the ledger) and serves until the client closes standard input. Standard output carries only MCP
/// messages; nothing is logged to it.
/// </summary>
internal static class McpCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var key = new Option<string?>("--key")
        {
            Description = "Charge the tools' model calls to this virtual key, e.g. a purser run session's (default: PURSER_API_KEY when it is a virtual key)",
        };
        var command = new Command("mcp", "Serve Purser's assistant as MCP tools over stdio (review_diff, analyze_file, debug_error, design_architecture, costs, budget_status, validate_code, generate_code); over HTTP the gateway serves them at /mcp")
        {
            key,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new GatewayHostSettings
            {
                Urls = "http://127.0.0.1:0",
                ConfigFile = parse.GetValue(GlobalOptions.Config),
                Environment = environment.Variables,
                ReadEnvironmentConfiguration = environment.ReadEnvironmentConfiguration,
                LogLevel = LogLevel.None,
                ConfigureServices = services => services.RemoveAll<ILoggerProvider>(),
            };
            WebApplication app = GatewayHost.Build(settings);
            await app.StartAsync(cancellationToken);
            try
            {
                string? given = parse.GetValue(key);
                string? presented = given ?? environment.Variables("PURSER_API_KEY");
                KeyCheck check = app.Services.GetRequiredService<KeyRegistry>().Check(presented);
                switch (check.Outcome)
                {
                    case KeyCheckOutcome.Valid:
                        app.Services.GetRequiredService<McpCaller>().LocalKey = check.Key;
                        break;
                    case KeyCheckOutcome.Revoked or KeyCheckOutcome.Invalid:
                        throw new CliException("purser mcp: " + check.Refusal, 2);
                    default:
                        if (given is not null)
                        {
                            throw new CliException("purser mcp: --key must be a virtual key (pk-purser-…).", 2);
                        }

                        break;
                }

                ILoggerFactory logging = app.Services.GetRequiredService<ILoggerFactory>();
                McpServerOptions options = app.Services.GetRequiredService<IOptions<McpServerOptions>>().Value;
                await using McpServer server = McpServer.Create(new StdioServerTransport(options, logging), options, logging, app.Services);
                await server.RunAsync(cancellationToken);
                return 0;
            }
            finally
            {
                await app.StopAsync(CancellationToken.None);
                await app.DisposeAsync();
            }
        });
        return command;
    }
}
