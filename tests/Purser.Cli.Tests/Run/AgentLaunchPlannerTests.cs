using System.Text.Json.Nodes;
using Purser.Cli.Run;

namespace Purser.Cli.Tests.Run;

public sealed class AgentLaunchPlannerTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("purser-planner-").FullName;

    private LaunchSettings Settings(bool mcp = false, string? model = null) => new()
    {
        GatewayUrl = "http://127.0.0.1:4100",
        Key = "pk-purser-session-secret",
        SessionId = "abc123",
        Model = model,
        Mcp = mcp,
        ConfigFolder = Path.Combine(_home, "run"),
    };

    private Func<string, string?> Variables(Dictionary<string, string>? extra = null) =>
        name => name == "HOME" ? _home : extra?.GetValueOrDefault(name);

    [Fact]
    public void Gemini_GetsAPrivateHome_WhoseSettingsAreTheUsersWithTheApiKeySignIn_AndPursersMcp_TheRestLinked()
    {
        string user = Directory.CreateDirectory(Path.Combine(_home, ".gemini")).FullName;
        const string Own = """{ "security": { "auth": { "selectedType": "oauth-personal" } }, /* theirs */ "ui": { "theme": "Dracula" } }""";
        File.WriteAllText(Path.Combine(user, "settings.json"), Own);
        File.WriteAllText(Path.Combine(user, "GEMINI.md"), "be brief");
        File.WriteAllText(Path.Combine(user, "oauth_creds.json"), "{}");

        AgentLaunch launch = AgentLaunchPlanner.Plan(AgentProfile.Find("gemini")!, "/usr/bin/gemini", ["-p", "hi"], Settings(mcp: true), Variables());

        string home = launch.Environment["GEMINI_CLI_HOME"]!;
        home.ShouldStartWith(Path.Combine(_home, "run"));
        JsonNode settings = JsonNode.Parse(launch.Files[Path.Combine(home, ".gemini", "settings.json")])!;
        settings["security"]!["auth"]!["selectedType"]!.GetValue<string>().ShouldBe("gemini-api-key");
        settings["ui"]!["theme"]!.GetValue<string>().ShouldBe("Dracula");
        settings["mcpServers"]!["purser"]!["httpUrl"]!.GetValue<string>().ShouldBe("http://127.0.0.1:4100/mcp");
        settings["mcpServers"]!["purser"]!["headers"]!["Authorization"]!.GetValue<string>().ShouldBe("Bearer pk-purser-session-secret");
        launch.Links.ShouldContainKeyAndValue(Path.Combine(home, ".gemini", "GEMINI.md"), Path.Combine(user, "GEMINI.md"));
        launch.Links.Keys.ShouldNotContain(Path.Combine(home, ".gemini", "oauth_creds.json"));
        launch.Environment["GOOGLE_GEMINI_BASE_URL"].ShouldBe("http://127.0.0.1:4100");
        launch.Environment.ShouldNotContainKey("GEMINI_CLI_TRUST_WORKSPACE");
        launch.Notes.ShouldBeEmpty();
        File.ReadAllText(Path.Combine(user, "settings.json")).ShouldBe(Own);
    }

    [Fact]
    public void Qwen_IsToldToUseTheOpenAISignIn_AndGetsTheSessionsModel_UnlessTheUserNamedOne()
    {
        AgentLaunch launch = AgentLaunchPlanner.Plan(AgentProfile.Find("qwen")!, "/usr/bin/qwen", ["-p", "hi"], Settings(model: "cheap"), Variables());

        launch.Arguments.ShouldBe(["--auth-type", "openai", "-p", "hi"]);
        launch.Environment["OPENAI_MODEL"].ShouldBe("cheap");
        launch.Environment["OPENAI_BASE_URL"].ShouldBe("http://127.0.0.1:4100/v1");

        AgentLaunch own = AgentLaunchPlanner.Plan(AgentProfile.Find("qwen")!, "/usr/bin/qwen", [], Settings(), Variables(new() { ["OPENAI_MODEL"] = "qwen3-coder" }));
        own.Environment.ShouldNotContainKey("OPENAI_MODEL");
        AgentLaunch none = AgentLaunchPlanner.Plan(AgentProfile.Find("qwen")!, "/usr/bin/qwen", [], Settings(), Variables());
        none.Environment["OPENAI_MODEL"].ShouldBe("auto");
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);
}
