using System.Text.Json.Nodes;

namespace Purser.Cli.Tests.Commands;

public sealed class ConfigCommandTests
{
    private static void WriteConfig(CliRunner cli, string json) => File.WriteAllText(Path.Combine(cli.Home, "purser.json"), json);

    private const string Config = """
        {"Purser":{
          "Providers":{"openai":{"Kind":"openai","Models":["gpt-4o"]},"gemini":{"Kind":"gemini"}},
          "Routing":{
            "Defaults":{"Model":"cheap","Temperature":0.2},
            "Projects":{"acme":{"Model":"smart","BudgetShare":0.5,"Agents":{"researcher":{"Provider":"gemini","BudgetShare":0.4}}}},
            "Agents":{"coder":{"MaxTokens":2000,"PromptAddition":"Prefer small diffs."}}
          }}}
        """;

    [Fact]
    public async Task Effective_Table_ShowsEachValueAndWhereItCameFrom()
    {
        using var cli = new CliRunner();
        WriteConfig(cli, Config);

        var (code, output) = await cli.RunAsync("config", "effective", "--project", "acme", "--agent", "coder");

        code.ShouldBe(0, output);
        output.ShouldContain("project acme, agent coder");
        output.ShouldContain("smart");
        output.ShouldContain("project acme (configuration)");
        output.ShouldContain("Prefer small diffs.");
        output.ShouldContain("agent coder (configuration)");
        output.ShouldContain("system (configuration)");
    }

    [Fact]
    public async Task Effective_Json_HasValuesAndSources()
    {
        using var cli = new CliRunner();
        WriteConfig(cli, Config);

        var (code, output) = await cli.RunAsync("config", "effective", "--project", "acme", "--agent", "researcher", "--json");

        code.ShouldBe(0, output);
        JsonNode settings = JsonNode.Parse(output)!["settings"]!;
        settings["model"]!["value"]!.GetValue<string>().ShouldBe("smart");
        settings["provider"]!["value"]!.GetValue<string>().ShouldBe("gemini");
        settings["provider"]!["source"]!.GetValue<string>().ShouldBe("project acme, agent researcher (configuration)");
        settings["temperature"]!["value"]!.GetValue<double>().ShouldBe(0.2);
        settings["maxTokens"]!["value"].ShouldBeNull();
        settings["budgetShare"]!["value"]!.GetValue<decimal>().ShouldBe(0.2m);
    }

    [Fact]
    public async Task ExportThenImport_RoundTripsIntoAnotherHome()
    {
        using var source = new CliRunner();
        WriteConfig(source, Config);
        var (exportCode, exported) = await source.RunAsync("config", "export");
        exportCode.ShouldBe(0, exported);

        using var target = new CliRunner();
        WriteConfig(target, """{"Purser":{"Providers":{"gemini":{"Kind":"gemini"}}}}""");
        string file = Path.Combine(target.Home, "cascade.json");
        File.WriteAllText(file, exported);
        var (importCode, importOutput) = await target.RunAsync("config", "import", file);
        var (_, reexported) = await target.RunAsync("config", "export");
        var (_, effective) = await target.RunAsync("config", "effective", "--project", "acme", "--json");

        importCode.ShouldBe(0, importOutput);
        importOutput.ShouldContain("1 project(s)");
        File.Exists(Path.Combine(target.Home, "routing.json")).ShouldBeTrue();
        JsonNode.DeepEquals(JsonNode.Parse(reexported), JsonNode.Parse(exported)).ShouldBeTrue();
        JsonNode.Parse(effective)!["settings"]!["model"]!["source"]!.GetValue<string>().ShouldBe("project acme (routing.json)");
    }

    [Fact]
    public async Task Import_InvalidDocument_FailsNamingThePathAndStoresNothing()
    {
        using var cli = new CliRunner();
        string file = Path.Combine(cli.Home, "bad.json");
        File.WriteAllText(file, """{"projects":{"acme":{"temperature":5,"provider":"nowhere"}}}""");

        var (code, output) = await cli.RunAsync("config", "import", file);

        code.ShouldBe(2);
        output.ShouldContain("bad.json: projects.acme.temperature must be between 0 and 2.");
        output.ShouldContain("projects.acme.provider 'nowhere'");
        File.Exists(Path.Combine(cli.Home, "routing.json")).ShouldBeFalse();
    }

    [Fact]
    public async Task Import_Merge_KeepsEarlierEntries()
    {
        using var cli = new CliRunner();
        File.WriteAllText(Path.Combine(cli.Home, "a.json"), """{"projects":{"a":{"model":"smart"}}}""");
        File.WriteAllText(Path.Combine(cli.Home, "b.json"), """{"projects":{"b":{"model":"fast"}}}""");

        await cli.RunAsync("config", "import", Path.Combine(cli.Home, "a.json"));
        await cli.RunAsync("config", "import", Path.Combine(cli.Home, "b.json"), "--merge");
        var (_, exported) = await cli.RunAsync("config", "export");

        JsonNode projects = JsonNode.Parse(exported)!["projects"]!;
        projects["a"]!["model"]!.GetValue<string>().ShouldBe("smart");
        projects["b"]!["model"]!.GetValue<string>().ShouldBe("fast");
    }
}
