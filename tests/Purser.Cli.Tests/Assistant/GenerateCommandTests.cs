using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Purser.Cli.Tests.Assistant;

/// <summary>
/// purser generate end to end on the real pipeline with simulated providers answering fixed code (priced as
/// openai/gpt-4o-mini): the first task pays and is learned, a similar one is a template hit at $0 with the names
/// substituted and the saving in the ledger, a dissimilar one is not matched, failing code is not learned, a hard budget
/// with no room falls back to a template, and critical code is reviewed by another provider on its own ledger row.
/// </summary>
public sealed class GenerateCommandTests
{
    internal const string XeroClient = """"
        A typed client over httpx.

        ### `xero_client.py`
        ```python
        """A client for the Xero API."""

        import logging

        import httpx

        logger = logging.getLogger(__name__)


        class XeroClient:
            """Calls the Xero API with a token the caller reads from its configuration."""

            def __init__(self, token: str, base_url: str = "https://api.xero.com") -> None:
                self._http = httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"})

            def get_contacts(self) -> list:
                """Returns the Xero contacts."""
                try:
                    response = self._http.get("/api.xro/2.0/Contacts")
                    response.raise_for_status()
                except httpx.HTTPError:
                    logger.exception("Xero request failed")
                    raise
                return response.json()["Contacts"]
        ```
        """";

    private const string BadCode = """
        ### `calc.py`
        ```python
        import os

        def calculate(expression):
            return eval(expression)
        ```
        """;

    private const string Review = """{"verdict": "concerns", "summary": "Amounts as floats.", "findings": [{"line": 3, "severity": "warning", "risk": "payments", "message": "Use Decimal for money."}]}""";

    private const string Charge = """"
        ### `charge.py`
        ```python
        """Charges cards through Stripe."""

        from decimal import Decimal


        def charge(amount: Decimal, currency: str) -> dict:
            """A payment request for the amount."""
            return {"amount": str(amount), "currency": currency}
        ```
        """";

    [Fact]
    public async Task Generate_SimilarTaskAfterALearnedOne_IsATemplateHitAtNoCostWithTheNamesSubstitutedAndTheSavingInTheLedger()
    {
        using var cli = new CliRunner();
        Configure(cli, ("writer", XeroClient));

        JsonNode first = await GenerateAsync(cli, "Create a Xero API client");
        JsonNode second = await GenerateAsync(cli, "Create a Stripe API client");

        first["path"]!.GetValue<string>().ShouldBe("model");
        decimal paid = first["cost_usd"]!.GetValue<decimal>();
        paid.ShouldBeGreaterThan(0m);
        first["score"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(90);
        first["learned_template_id"]!.GetValue<long>().ShouldBe(1);
        first["learned"]!.GetValue<string>().ShouldContain("Service=Xero");

        second["path"]!.GetValue<string>().ShouldBe("template");
        second["cost_usd"]!.GetValue<decimal>().ShouldBe(0m);
        second["saved_usd"]!.GetValue<decimal>().ShouldBe(paid);
        second["template_id"]!.GetValue<long>().ShouldBe(1);
        string code = second["files"]![0]!["code"]!.GetValue<string>();
        second["files"]![0]!["path"]!.GetValue<string>().ShouldBe("stripe_client.py");
        code.ShouldContain("class StripeClient:");
        code.ShouldContain("Returns the Stripe contacts.");
        code.ShouldNotContain("Xero");
        code.ShouldNotContain("xero");
        second["served_by"]!.GetValue<string>().ShouldBe("template/1");

        // The ledger: the hit is a $0 row with cache status "template" and the source generation's cost saved.
        (string Status, long? Cost, long? Saved)[] rows = Ledger(cli, "code_generation");
        rows.Length.ShouldBe(2);
        rows[1].Status.ShouldBe("template");
        rows[1].Cost.ShouldBe(0);
        rows[1].Saved.ShouldBe((long)(paid * 1_000_000_000_000m));

        var (code2, costs) = await cli.RunAsync("costs", "--period", "all", "--json");
        code2.ShouldBe(0, costs);
        JsonNode totals = JsonNode.Parse(costs)!["periods"]!["all"]!;
        totals["cost_usd"]!.GetValue<decimal>().ShouldBe(paid);
        totals["saved_usd"]!.GetValue<decimal>().ShouldBe(paid);

        var (code3, list) = await cli.RunAsync("templates", "list", "--json");
        code3.ShouldBe(0, list);
        JsonNode template = JsonNode.Parse(list)![0]!;
        template["uses"]!.GetValue<long>().ShouldBe(1);
        template["saved_usd"]!.GetValue<decimal>().ShouldBe(paid);
        template["code"]!.GetValue<string>().ShouldContain("class {{purser:Service:pascal}}Client:");
    }

    [Fact]
    public async Task Generate_TextOutput_ShowsTheStepsThePathAndTheSaving()
    {
        using var cli = new CliRunner();
        Configure(cli, ("writer", XeroClient));
        string[] args = ["generate", "Create a Xero API client", "--stack", "httpx", "--language", "python", "--model", "writer/model"];
        (await cli.RunAsync(args)).ExitCode.ShouldBe(0);

        var (code, output) = await cli.RunAsync("generate", "Create a Stripe API client", "--stack", "httpx", "--language", "python", "--model", "writer/model");

        code.ShouldBe(0, output);
        output.ShouldContain("class StripeClient:");
        output.ShouldContain("template 1 (\"Create a Xero API client\", similarity 1.00), Xero → Stripe: no model call");
        output.ShouldMatch(@"Path template · score \d+/100 passed");
        output.ShouldMatch(@"saved \$0\.0\d+");
    }

    [Fact]
    public async Task Generate_DissimilarTaskOrOtherStack_IsNotMatchedAndPaysTheModel()
    {
        using var cli = new CliRunner();
        Configure(cli, ("writer", XeroClient));
        await GenerateAsync(cli, "Create a Xero API client");

        JsonNode dissimilar = await GenerateAsync(cli, "Write a function that parses ISO dates");
        JsonNode otherStack = await GenerateAsync(cli, "Create a Stripe API client", stack: "requests");

        dissimilar["path"]!.GetValue<string>().ShouldBe("model");
        dissimilar["cost_usd"]!.GetValue<decimal>().ShouldBeGreaterThan(0m);
        dissimilar["steps"]![0]!["detail"]!.GetValue<string>().ShouldContain("no match");
        otherStack["path"]!.GetValue<string>().ShouldBe("model");
        otherStack["steps"]![0]!["detail"]!.GetValue<string>().ShouldContain("no template for this language and stack");
    }

    [Fact]
    public async Task Generate_CodeFailingValidation_GetsOneRepairRoundAndIsNotLearned()
    {
        using var cli = new CliRunner();
        Configure(cli, ("writer", BadCode));

        JsonNode result = await GenerateAsync(cli, "Create a calculator");

        result["passed"]!.GetValue<bool>().ShouldBeFalse();
        result["score"]!.GetValue<int>().ShouldBeLessThan(90);
        result["validation"]![0]!["findings"]!.AsArray().Select(f => f!["rule"]!.GetValue<string>()).ShouldContain("SEC001");
        result["steps"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()).ShouldBe(["template", "model", "validate", "repair", "cross-check", "learn"]);
        result["learned"]!.GetValue<string>().ShouldStartWith("not learned: the score");
        result["learned_template_id"].ShouldBeNull();
        result["warnings"]!.AsArray().Select(w => w!.GetValue<string>()).ShouldContain(w => w.Contains("failed validation", StringComparison.Ordinal));
        Ledger(cli, "code_generation").Length.ShouldBe(2); // the generation and its repair, both priced
        var (_, list) = await cli.RunAsync("templates", "list", "--json");
        JsonNode.Parse(list)!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Generate_HardBudgetWithNoRoom_FallsBackToATemplateInsteadOfFailing()
    {
        using var cli = new CliRunner();
        Configure(cli, ("writer", XeroClient));
        JsonNode learned = await GenerateAsync(cli, "Create a Xero API client");
        learned["learned_template_id"]!.GetValue<long>().ShouldBe(1);
        (await cli.RunAsync("budget", "set", "day", "--limit", "0.000001")).ExitCode.ShouldBe(0);

        // Under the normal similarity (0.8 < 0.85), so only the budget-limit fallback (0.6) may use the template.
        JsonNode result = await GenerateAsync(cli, "Create a Stripe API client with retries");
        var (failedCode, failed) = await cli.RunAsync(
            "generate", "Write a function that parses ISO dates", "--stack", "httpx", "--language", "python", "--model", "writer/model", "--json");

        result["path"]!.GetValue<string>().ShouldBe("template (budget fallback)");
        result["cost_usd"]!.GetValue<decimal>().ShouldBe(0m);
        result["files"]![0]!["code"]!.GetValue<string>().ShouldContain("class StripeClient:");
        result["steps"]![1]!["detail"]!.GetValue<string>().ShouldStartWith("refused: ");
        result["steps"]![2]!["detail"]!.GetValue<string>().ShouldContain("budget fallback: template 1");
        failedCode.ShouldBe(1, failed);
        JsonNode.Parse(failed)!["error"]!["kind"]!.GetValue<string>().ShouldBe("budget_exceeded");
        // Refused calls are recorded too (the cache was looked up before the reservation refused them), then the $0 template hit.
        Ledger(cli, "code_generation").Select(r => r.Status).ShouldBe(["miss", "miss", "template", "miss", "miss"]);
    }

    [Fact]
    public async Task Generate_PaymentCode_IsReviewedByAnotherProviderOnItsOwnPricedLedgerRow()
    {
        using var cli = new CliRunner();
        Configure(cli, ("writer", Charge), ("reviewer", Review));

        JsonNode result = await GenerateAsync(cli, "Create a Stripe payments charge helper");

        JsonNode check = result["validation"]![0]!["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "cross_check")!;
        check["status"]!.GetValue<string>().ShouldBe("checked");
        check["note"]!.GetValue<string>().ShouldStartWith("reviewed by reviewer/demo for payments: concerns");
        check["findings"]![0]!["message"]!.GetValue<string>().ShouldBe("[payments] Use Decimal for money.");
        using var connection = new SqliteConnection($"Data Source={Path.Combine(cli.Home, "purser.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT operation, provider, cost_pico FROM ledger ORDER BY id;";
        using var reader = command.ExecuteReader();
        var rows = new List<(string Operation, string Provider, long Cost)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        rows.ShouldContain(r => r.Operation == "code_generation" && r.Provider == "writer" && r.Cost > 0);
        rows.ShouldContain(r => r.Operation == "cross_validation" && r.Provider == "reviewer" && r.Cost > 0);
        decimal total = rows.Sum(r => r.Cost) / 1_000_000_000_000m;
        result["cost_usd"]!.GetValue<decimal>().ShouldBe(total);
    }

    [Fact]
    public async Task Generate_WithOneProviderOnly_SaysTheReviewWasNotDoneRatherThanPassingIt()
    {
        using var cli = new CliRunner();
        Configure(cli, ("writer", Charge));

        JsonNode result = await GenerateAsync(cli, "Create a Stripe payments charge helper");

        JsonNode check = result["validation"]![0]!["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "cross_check")!;
        check["status"]!.GetValue<string>().ShouldBe("not_checked");
        check["score"].ShouldBeNull();
        check["note"]!.GetValue<string>().ShouldContain("No provider other than writer");
    }

    private static async Task<JsonNode> GenerateAsync(CliRunner cli, string task, string stack = "httpx")
    {
        var (code, output) = await cli.RunAsync("generate", task, "--stack", stack, "--language", "python", "--model", "writer/model", "--json");
        code.ShouldBe(0, output + cli.StandardError);
        return JsonNode.Parse(output)!;
    }

    /// <summary>Simulated providers answering fixed text, priced as openai/gpt-4o-mini.</summary>
    internal static void Configure(CliRunner cli, params (string Name, string Reply)[] providers)
    {
        var list = new JsonObject();
        foreach ((string name, string reply) in providers)
        {
            list[name] = new JsonObject { ["Kind"] = "simulated", ["Simulated"] = new JsonObject { ["Reply"] = reply, ["PriceAs"] = "openai/gpt-4o-mini" } };
        }

        File.WriteAllText(Path.Combine(cli.Home, "purser.json"), new JsonObject { ["Purser"] = new JsonObject { ["Providers"] = list } }.ToJsonString());
    }

    private static (string Status, long? Cost, long? Saved)[] Ledger(CliRunner cli, string operation)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(cli.Home, "purser.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT cache_status, cost_pico, saved_pico FROM ledger WHERE operation = $op ORDER BY id;";
        command.Parameters.AddWithValue("$op", operation);
        using var reader = command.ExecuteReader();
        var rows = new List<(string, long?, long?)>();
        while (reader.Read())
        {
            rows.Add((reader.IsDBNull(0) ? "" : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2)));
        }

        return [.. rows];
    }
}
