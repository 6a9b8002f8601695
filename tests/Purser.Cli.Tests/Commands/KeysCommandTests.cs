using System.Text.Json.Nodes;

namespace Purser.Cli.Tests.Commands;

public sealed class KeysCommandTests
{
    [Fact]
    public async Task CreateListRevoke_AgainstTheLocalDatabase()
    {
        using var cli = new CliRunner();

        var (code, output) = await cli.RunAsync("keys", "create", "--name", "ci", "--project", "alpha", "--tags", "ci,nightly", "--models", "openai/*,cheap", "--budget", "5/daily", "--json");

        code.ShouldBe(0, output);
        JsonNode created = JsonNode.Parse(output)!;
        string id = created["id"]!.GetValue<string>();
        created["key"]!.GetValue<string>().ShouldStartWith("pk-purser-" + id + "-");
        created["budget"]!.GetValue<string>().ShouldBe("key-" + id);
        created["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["ci", "nightly"]);

        var (listCode, list) = await cli.RunAsync("keys", "list", "--json");
        listCode.ShouldBe(0, list);
        JsonNode listed = JsonNode.Parse(list)!.AsArray().Single()!;
        listed["id"]!.GetValue<string>().ShouldBe(id);
        listed.AsObject().ContainsKey("key").ShouldBeFalse();
        list.ShouldNotContain(created["key"]!.GetValue<string>());

        var (budgetCode, budgets) = await cli.RunAsync("budget", "list", "--json");
        budgetCode.ShouldBe(0, budgets);
        JsonNode budget = JsonNode.Parse(budgets)!.AsArray().Single()!;
        (budget["scope"]!.GetValue<string>(), budget["match"]!.GetValue<string>(), budget["limit"]!.GetValue<decimal>()).ShouldBe(("key", id, 5m));

        (await cli.RunAsync("keys", "revoke", id)).ExitCode.ShouldBe(0);
        var (_, table) = await cli.RunAsync("keys", "list");
        table.ShouldContain("revoked");
    }

    [Fact]
    public async Task Create_WithRateLimits_ListShowsThemAndWhatIsLeft()
    {
        using var cli = new CliRunner();

        var (code, output) = await cli.RunAsync("keys", "create", "--name", "ci", "--rpm", "60", "--tpm", "100000", "--json");

        code.ShouldBe(0, output);
        JsonNode created = JsonNode.Parse(output)!;
        (created["rpm"]!.GetValue<long>(), created["tpm"]!.GetValue<long>()).ShouldBe((60L, 100_000L));
        created["rpd"].ShouldBeNull();

        JsonNode listed = JsonNode.Parse((await cli.RunAsync("keys", "list", "--json")).Output)!.AsArray().Single()!;
        (listed["rpm"]!.GetValue<long>(), listed["remaining_requests"]!.GetValue<long>(), listed["remaining_tokens"]!.GetValue<long>()).ShouldBe((60L, 60L, 100_000L));
        var (_, table) = await cli.RunAsync("keys", "list");
        table.ShouldContain("100000 tpm");

        var (badCode, bad) = await cli.RunAsync("keys", "create", "--name", "x", "--tpm", "0");
        badCode.ShouldBe(2);
        bad.ShouldContain("'tpm' must be at least 1");
    }

    [Fact]
    public async Task Create_TheTableOutputPrintsTheKeyOnce()
    {
        using var cli = new CliRunner();

        var (code, output) = await cli.RunAsync("keys", "create", "--name", "laptop");

        code.ShouldBe(0, output);
        output.ShouldContain("will not be shown again");
        output.Split('\n').Count(l => l.StartsWith("pk-purser-", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task Create_BadBudget_IsAUsageError()
    {
        using var cli = new CliRunner();

        var (code, output) = await cli.RunAsync("keys", "create", "--name", "x", "--budget", "lots");

        code.ShouldBe(2);
        output.ShouldContain("is not a budget");
        (await cli.RunAsync("keys", "list", "--json")).Output.Trim().ShouldBe("[]");
    }

    [Fact]
    public async Task Revoke_UnknownKey_Fails()
    {
        using var cli = new CliRunner();

        var (code, output) = await cli.RunAsync("keys", "revoke", "000000000000");

        code.ShouldBe(1);
        output.ShouldContain("no key with id");
    }
}
