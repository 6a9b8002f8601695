using System.Text.Json.Nodes;
using Purser.Cli.Hosting;
using Purser.FunctionalTests.Infrastructure;
using Spectre.Console;

namespace Purser.FunctionalTests.Budgets;

/// <summary><c>purser keys</c> and <c>purser budget</c> with --server: through the admin API of a running gateway.</summary>
public sealed class BudgetCliServerTests
{
    [Fact]
    public async Task KeysAndBudgets_ThroughTheAdminApi_WithTheMasterKey()
    {
        await using GatewayServer gateway = await GatewayServer.StartAsync(new Dictionary<string, string?>
        {
            ["Purser:Cache:Enabled"] = "false", // budget tests repeat identical calls that must reach upstream
            ["Purser:Auth:MasterKey"] = "cli-master",
            ["Purser:Budgets:TimeZone"] = "UTC",
        });

        var (created, createdOut) = await RunAsync("keys", "create", "--name", "remote", "--budget", "lite", "--json", "--server", gateway.Url, "--key", "cli-master");
        var (set, _) = await RunAsync("budget", "set", "daily", "--limit", "3", "--server", gateway.Url, "--key", "cli-master");
        var (status, statusOut) = await RunAsync("budget", "status", "--json", "--server", gateway.Url, "--key", "cli-master");
        var (denied, deniedOut) = await RunAsync("budget", "status", "--server", gateway.Url, "--key", "wrong");

        created.ShouldBe(0, createdOut);
        string id = JsonNode.Parse(createdOut)!["id"]!.GetValue<string>();
        set.ShouldBe(0);
        status.ShouldBe(0, statusOut);
        JsonNode.Parse(statusOut)!.AsArray().Select(s => s!["name"]!.GetValue<string>()).Order().ShouldBe(["daily", "key-" + id]);
        denied.ShouldBe(1);
        deniedOut.ShouldContain("401");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var writer = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 200;
        string home = Path.Combine(Path.GetTempPath(), "purser-cli-remote-" + Guid.NewGuid().ToString("N"));
        var environment = new CliEnvironment
        {
            Variables = name => name == "PURSER_HOME" ? home : null,
            ReadEnvironmentConfiguration = false,
        };
        int code = await Purser.Cli.Program.Run(args, console, environment);
        return (code, writer.ToString());
    }
}
