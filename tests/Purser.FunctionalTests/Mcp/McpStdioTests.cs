using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Purser.FunctionalTests.Infrastructure;
using Purser.Gateway.Mcp;

namespace Purser.FunctionalTests.Mcp;

/// <summary><c>purser mcp</c> as an agent starts it: a child process speaking MCP over stdio, driven by the SDK's own client.</summary>
public sealed class McpStdioTests
{
    [Fact]
    public async Task PurserMcp_ListsEveryTool_AnalyzesAFileReadFromDisk_AndReportsItsCostFromTheLedger()
    {
        await using FakeUpstream upstream = await FakeUpstream.StartAsync();
        var wire = new OpenAIUpstreamWire();
        var scenario = new FakeScenario { Answer = new FakeAnswer("""{"scores": {"quality": 7, "security": 3, "performance": 8, "maintainability": 6}, "issues": [{"line": 2, "severity": "high", "category": "security", "message": "Shell injection."}], "summary": "Risky."}""") };
        upstream.Handler = (http, request) => wire.AnswerAsync(http, request, scenario);
        using var cli = new CliProcess(wire.BaseUrl(upstream.Url));
        await File.WriteAllTextAsync(Path.Combine(cli.Home, "app.py"), "import os\nos.system(input())\n");

        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "purser",
            Command = "dotnet",
            Arguments = [CliProcess.Cli, "mcp", "--config", cli.ConfigFile],
            WorkingDirectory = cli.Home,
            EnvironmentVariables = cli.Environment(),
        });
        await using (McpClient client = await McpClient.CreateAsync(transport))
        {
            client.ServerInfo!.Name.ShouldBe("purser");
            IList<McpClientTool> tools = await client.ListToolsAsync();
            tools.Select(t => t.Name).Order().ShouldBe(PurserMcpTools.Names.Order());

            CallToolResult analysis = await client.CallToolAsync("analyze_file", new Dictionary<string, object?> { ["path"] = "app.py" });
            string text = analysis.Content.OfType<TextContentBlock>().Single().Text;
            analysis.IsError.ShouldNotBe(true, text);
            text.ShouldContain("Shell injection.");
            upstream.LastRequest.Body.ShouldContain("os.system(input())");

            CallToolResult costs = await client.CallToolAsync("costs", new Dictionary<string, object?> { ["period"] = "all" });
            JsonNode report = JsonNode.Parse(costs.Content.OfType<TextContentBlock>().Single().Text)!;
            report["periods"]!["all"]!["calls"]!.GetValue<long>().ShouldBe(1);
            report["periods"]!["all"]!["cost_usd"]!.GetValue<decimal>().ShouldBe(0.0012m);
        }

        Dictionary<string, object?> row = LedgerDb.Rows(cli.Home, "SELECT operation, protocol, cost_pico FROM ledger").ShouldHaveSingleItem();
        row["operation"].ShouldBe("file_scoring");
        row["protocol"].ShouldBe(PurserMcpTools.Origin);
        LedgerDb.Cost(row).ShouldBe(0.0012m);
    }
}
