using System.Text.Json.Nodes;
using Purser.Cli.Hosting;

namespace Purser.Cli.Tests.Commands;

public sealed class InitCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    private string ConfigFile => Path.Combine(_cli.Home, "purser.json");

    private JsonNode Written => JsonNode.Parse(File.ReadAllText(ConfigFile))!["Purser"]!;

    [Fact]
    public async Task Yes_WritesProvidersFoundADefaultDailyHardBudgetAndAMasterKeyPrintedOnce()
    {
        _cli.Variables["OPENAI_API_KEY"] = "sk-from-environment";
        _cli.Variables["GOOGLE_API_KEY"] = "g-key";
        _cli.Variables["OLLAMA_HOST"] = "0.0.0.0:11434";

        var (code, output) = await _cli.RunAsync("init", "--yes");

        code.ShouldBe(0, output);
        JsonNode purser = Written;
        purser["Providers"]!["openai"]!["ApiKey"]!.GetValue<string>().ShouldBe("env:OPENAI_API_KEY");
        purser["Providers"]!["gemini"]!["ApiKey"]!.GetValue<string>().ShouldBe("env:GOOGLE_API_KEY");
        purser["Providers"]!["ollama"]!["BaseUrl"]!.GetValue<string>().ShouldBe("http://127.0.0.1:11434/v1");
        purser["Providers"]!.AsObject().Count.ShouldBe(3);
        File.ReadAllText(ConfigFile).ShouldNotContain("sk-from-environment");
        JsonNode daily = purser["Budgets"]!["Items"]!["daily"]!;
        daily["Limit"]!.GetValue<decimal>().ShouldBe(5m);
        daily["Mode"]!.GetValue<string>().ShouldBe("hard");
        daily["Window"]!.GetValue<string>().ShouldBe("daily");
        string master = purser["Auth"]!["MasterKey"]!.GetValue<string>();
        master.ShouldStartWith("pk-master-");
        output.ShouldContain(master);
        output.ShouldContain("purser doctor");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(ConfigFile).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public async Task Yes_TheWrittenConfigurationIsValidAndHoldsTheBudget()
    {
        _cli.Variables["ANTHROPIC_API_KEY"] = "sk-ant";
        (await _cli.RunAsync("init", "--yes")).ExitCode.ShouldBe(0);

        var (code, output) = await _cli.RunAsync("budget", "status");

        code.ShouldBe(0, output);
        output.ShouldContain("daily");
        output.ShouldContain("5");
    }

    [Fact]
    public async Task Answers_OnStandardInput_SetTheBudget()
    {
        _cli.StandardInput = "12.50\n";

        var (code, output) = await _cli.RunAsync("init");

        code.ShouldBe(0, output);
        output.ShouldContain("Daily hard budget in USD [5]");
        Written["Budgets"]!["Items"]!["daily"]!["Limit"]!.GetValue<decimal>().ShouldBe(12.50m);
    }

    [Fact]
    public async Task Answers_AnEmptyLineTakesTheDefaultAndABadOneIsAskedAgain()
    {
        _cli.StandardInput = "lots\n\n";

        var (code, output) = await _cli.RunAsync("init");

        code.ShouldBe(0, output);
        output.ShouldContain("'lots' is not an amount");
        Written["Budgets"]!["Items"]!["daily"]!["Limit"]!.GetValue<decimal>().ShouldBe(5m);
    }

    [Fact]
    public async Task Answers_ZeroMeansNoBudget()
    {
        _cli.StandardInput = "0\n";

        (await _cli.RunAsync("init")).ExitCode.ShouldBe(0);

        Written["Budgets"].ShouldBeNull();
    }

    [Fact]
    public async Task Answers_ThreeBadAnswers_WriteNothing()
    {
        _cli.StandardInput = "a\nb\nc\n";

        var (code, _) = await _cli.RunAsync("init");

        code.ShouldBe(2);
        File.Exists(ConfigFile).ShouldBeFalse();
    }

    [Fact]
    public async Task ExistingConfiguration_IsKeptUnlessForced()
    {
        (await _cli.RunAsync("init", "--yes")).ExitCode.ShouldBe(0);
        string first = File.ReadAllText(ConfigFile);

        var (code, output) = await _cli.RunAsync("init", "--yes");
        code.ShouldBe(1);
        output.ShouldContain("already exists");
        File.ReadAllText(ConfigFile).ShouldBe(first);

        (await _cli.RunAsync("init", "--yes", "--force", "--budget", "3")).ExitCode.ShouldBe(0);
        File.ReadAllText(ConfigFile).ShouldNotBe(first);
        Written["Budgets"]!["Items"]!["daily"]!["Limit"]!.GetValue<decimal>().ShouldBe(3m);
    }

    [Fact]
    public async Task RespectsPurserHome()
    {
        string other = Path.Combine(_cli.Home, "elsewhere");
        _cli.Variables["PURSER_HOME"] = other;

        (await _cli.RunAsync("init", "--yes")).ExitCode.ShouldBe(0);

        File.Exists(Path.Combine(other, "purser.json")).ShouldBeTrue();
        File.Exists(ConfigFile).ShouldBeFalse();
    }

    [Fact]
    public async Task DotEnv_KeysInTheWorkingFolderAreFoundAndTheEnvironmentWins()
    {
        string work = Directory.CreateDirectory(Path.Combine(_cli.Home, "project")).FullName;
        File.WriteAllText(Path.Combine(work, ".env"), "OPENAI_API_KEY=sk-file\nexport ANTHROPIC_API_KEY='sk-ant-file'\n");
        _cli.WorkingDirectory = work;
        _cli.Variables["OPENAI_API_KEY"] = "sk-environment";

        var (code, output) = await _cli.RunAsync("init", "--yes");

        code.ShouldBe(0, output);
        output.ShouldContain("openai (OPENAI_API_KEY in environment)");
        output.ShouldContain("anthropic (ANTHROPIC_API_KEY in .env)");
        output.ShouldContain("run purser from this folder");
        Written["Providers"]!["anthropic"]!["ApiKey"]!.GetValue<string>().ShouldBe("env:ANTHROPIC_API_KEY");
    }

    [Fact]
    public async Task Version_PrintsTheVersionAndTheCommit()
    {
        var (code, output) = await _cli.RunAsync("--version");

        code.ShouldBe(0);
        output.ShouldMatch(@"^purser \d+\.\d+\.\d+\S* \(commit ([0-9a-f]{12}|unknown)\)\s*$");
    }

    [Theory]
    [InlineData("1.2.3+0123456789abcdef0123", "purser 1.2.3 (commit 0123456789ab)")]
    [InlineData("1.2.3-preview.1", "purser 1.2.3-preview.1 (commit unknown)")]
    public void Version_Describe(string informational, string expected) => CliVersion.Describe(informational).ShouldBe(expected);

    public void Dispose() => _cli.Dispose();
}
