using System.Text.Json.Nodes;

namespace Purser.Cli.Tests.Assistant;

public sealed class DebugAskArchitectCommandTests
{
    private const string Diagnosis = """
        {"root_cause": "The users table does not exist.", "explanation": "Line 2 queries it before any migration ran.",
         "location": {"file": "app.py", "line": 2}, "fix": {"description": "Create the table first.", "code": "CREATE TABLE users (name TEXT);"},
         "confidence": "high", "verification": ["Run the script again."], "prevention": ["Run migrations at start-up."], "alternative_causes": []}
        """;

    [Fact]
    public async Task Debug_ErrorLogFromStandardInput_ShowsRootCauseAndFix()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, Diagnosis);
        CannedModel.WriteFile(cli, "app.py", "import sqlite3\nsqlite3.connect('x').execute('select * from users')\n");
        cli.StandardInput = "Traceback (most recent call last):\n  File \"app.py\", line 2\nsqlite3.OperationalError: no such table: users\n";

        var (code, output) = await cli.RunAsync("debug", "app.py", "--error-log", "-", "--model", CannedModel.Model);

        code.ShouldBe(0, output);
        output.ShouldContain("Root cause");
        output.ShouldContain("The users table does not exist.");
        output.ShouldContain("at app.py:2");
        output.ShouldContain("CREATE TABLE users (name TEXT);");
        output.ShouldContain("Run migrations at start-up.");
        output.ShouldMatch(@"cost \$0\.0\d+");
    }

    [Fact]
    public async Task Debug_LogFileAndJson_GivesTheEnvelopeWithTheParsedResult()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, Diagnosis);
        CannedModel.WriteFile(cli, "app.py", "x = 1\n");
        CannedModel.WriteFile(cli, "error.log", "boom\n");

        var (code, output) = await cli.RunAsync("debug", "app.py", "-e", "error.log", "--model", CannedModel.Model, "--json");

        code.ShouldBe(0, output);
        JsonNode envelope = JsonNode.Parse(output)!;
        envelope["operation"]!.GetValue<string>().ShouldBe("debugging");
        envelope["result"]!["root_cause"]!.GetValue<string>().ShouldBe("The users table does not exist.");
        envelope["result"]!["confidence"]!.GetValue<string>().ShouldBe("high");
    }

    [Fact]
    public async Task Debug_SameCallAgain_IsAnsweredFromTheResponseCacheAtNoCostUnlessNoCache()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, Diagnosis);
        CannedModel.WriteFile(cli, "app.py", "x = 1\n");
        CannedModel.WriteFile(cli, "error.log", "boom\n");
        string[] args = ["debug", "app.py", "-e", "error.log", "--model", CannedModel.Model, "--json"];

        JsonNode first = JsonNode.Parse((await cli.RunAsync(args)).Output)!;
        JsonNode second = JsonNode.Parse((await cli.RunAsync(args)).Output)!;
        JsonNode fresh = JsonNode.Parse((await cli.RunAsync([.. args, "--no-cache"])).Output)!;

        first["cached"]!.GetValue<bool>().ShouldBeFalse();
        first["cost_usd"]!.GetValue<decimal>().ShouldBeGreaterThan(0m);
        second["cached"]!.GetValue<bool>().ShouldBeTrue();
        second["cost_usd"]!.GetValue<decimal>().ShouldBe(0m);
        second["result"]!["root_cause"]!.GetValue<string>().ShouldBe("The users table does not exist.");
        fresh["cached"]!.GetValue<bool>().ShouldBeFalse();
        fresh["cost_usd"]!.GetValue<decimal>().ShouldBe(first["cost_usd"]!.GetValue<decimal>());
        var (_, stats) = await cli.RunAsync("cache", "stats", "--json");
        JsonNode debugging = JsonNode.Parse(stats)!["operations"]!.AsArray().Single(o => o!["operation"]!.GetValue<string>() == "debugging")!;
        debugging["hits"]!.GetValue<long>().ShouldBe(1);
        debugging["saved_usd"]!.GetValue<decimal>().ShouldBe(first["cost_usd"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Debug_Text_SaysACacheHitCostNothing()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, Diagnosis);
        CannedModel.WriteFile(cli, "app.py", "x = 1\n");
        CannedModel.WriteFile(cli, "error.log", "boom\n");
        await cli.RunAsync("debug", "app.py", "-e", "error.log", "--model", CannedModel.Model);

        var (code, output) = await cli.RunAsync("debug", "app.py", "-e", "error.log", "--model", CannedModel.Model);

        code.ShouldBe(0, output);
        output.ShouldContain("cache hit");
        output.ShouldContain("cost $0.00");
    }

    [Fact]
    public async Task Debug_MissingLogFile_IsAClearError()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, Diagnosis);
        CannedModel.WriteFile(cli, "app.py", "x = 1\n");

        var (code, output) = await cli.RunAsync("debug", "app.py", "--error-log", "missing.log", "--model", CannedModel.Model);

        code.ShouldBe(1);
        output.ShouldContain("No such error log file: missing.log");
    }

    [Fact]
    public async Task Ask_WithContextFiles_AnswersAndRecordsAQaCall()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, "Foo adds one to its argument (src/foo.py, line 2).");
        CannedModel.WriteFile(cli, "src/foo.py", "def foo(x):\n    return x + 1\n");
        CannedModel.WriteFile(cli, "src/bar.py", "from foo import foo\n");

        var (code, output) = await cli.RunAsync("ask", "What does foo do?", "--context", "src/foo.py", "src/bar.py", "--model", CannedModel.Model);

        code.ShouldBe(0, output);
        output.ShouldContain("Foo adds one to its argument");
        var (_, costs) = await cli.RunAsync("costs", "--period", "all", "--by", "operation", "--json");
        JsonNode.Parse(costs)!["report"]!["groups"]![0]!["key"]!.GetValue<string>().ShouldBe("qa");
    }

    [Fact]
    public async Task Architect_WritesTheDocumentToAFileToo()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, "# Shortener: architecture\n## 1. Summary\nA small service.");

        var (code, output) = await cli.RunAsync("architect", "a URL shortener with analytics", "--stack", ".NET", "--scale", "10K daily users", "--database", "PostgreSQL", "--output", "design.md", "--model", CannedModel.Model);

        code.ShouldBe(0, output);
        output.ShouldContain("## 1. Summary");
        output.ShouldContain("Written to design.md");
        File.ReadAllText(Path.Combine(cli.Home, "design.md")).ShouldStartWith("# Shortener: architecture");
    }

    [Fact]
    public async Task Architect_EmptyAnswer_WarnsInsteadOfCrashing()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, "");

        var (code, output) = await cli.RunAsync("architect", "a queue", "--model", CannedModel.Model);

        code.ShouldBe(0, output);
        output.ShouldContain("The model's answer was empty.");
    }
}
