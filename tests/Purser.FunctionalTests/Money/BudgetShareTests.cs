using System.Net;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Money;

/// <summary>
/// The routing cascade's budgetShare is enforced: a project with share 0.1 of the global $0.01 budget may spend $0.001
/// (the audit saw $0.0096), an agent with 0.2 of a project's 0.5 share $0.001. Each call costs, by hand at gpt-4.1's
/// $2 / $8 per 1M, 10 × 2 + 50 × 8 = $0.00042.
/// </summary>
public sealed class BudgetShareTests(BudgetShareTests.ShareGateway g) : IClassFixture<BudgetShareTests.ShareGateway>
{
    private const decimal Each = (10m * 2m + 50m * 8m) / 1_000_000m;

    public sealed class ShareGateway : AuditGateway
    {
        protected override void Configure(Dictionary<string, string?> config)
        {
            config["Purser:Budgets:Items:global:Limit"] = "0.01";
            config["Purser:Budgets:Items:global:CheapBelow"] = "0"; // no tier changes the model as money runs out
            config["Purser:Budgets:Items:global:EmergencyBelow"] = "0";
            config["Purser:Routing:Projects:shr:BudgetShare"] = "0.1";
            config["Purser:Routing:Projects:team:BudgetShare"] = "0.5";
            config["Purser:Routing:Projects:team:Agents:a1:BudgetShare"] = "0.2";
        }
    }

    [Fact]
    public async Task ProjectAndAgentShares_AreHardBudgetsOfThatShareOfTheGlobalOne()
    {
        g["oa"].Handler = (http, _) => AuditGateway.JsonAsync(http, AuditGateway.OpenAIAnswer("gpt-4.1", AuditGateway.OpenAIUsage(10, 50)));

        (int shrCalls, string shrRefusal) = await CallUntilRefusedAsync("shr", agent: null);
        (int a1Calls, string a1Refusal) = await CallUntilRefusedAsync("team", agent: "a1");

        // $0.001 holds two calls of $0.00042 (and two reservations of a little more).
        shrCalls.ShouldBe(2);
        shrRefusal.ShouldContain("Budget 'global/share:project[shr]'");
        (await g.SpentAsync("shr")).ShouldBe(2 * Each);
        a1Calls.ShouldBe(2);
        a1Refusal.ShouldContain("Budget 'global/share:agent[team/a1]'");

        // Other agents of the project, and projects without a share, go on.
        using (HttpResponseMessage a2 = await g.PostAsync("/v1/chat/completions", Body, "team", new Dictionary<string, string> { ["x-purser-agent"] = "a2" }))
        {
            a2.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        for (int i = 0; i < 3; i++)
        {
            using HttpResponseMessage other = await g.PostAsync("/v1/chat/completions", Body, "other");
            other.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        JsonArray status = JsonNode.Parse(await g.Http.GetStringAsync("/api/budgets/status"))!.AsArray();
        JsonNode share = status.Single(s => s!["name"]!.GetValue<string>() == "global/share:project" && s["value"]!.GetValue<string>() == "shr")!;
        (share["limit"]!.GetValue<decimal>(), share["share"]!.GetValue<decimal>(), share["allocated_from"]!.GetValue<string>()).ShouldBe((0.001m, 0.1m, "global"));
        share["spent"]!.GetValue<decimal>().ShouldBe(2 * Each);
    }

    private const string Body = """{"model":"oa/gpt-4.1","max_tokens":50,"messages":[{"role":"user","content":"hi"}]}""";

    private async Task<(int Served, string Refusal)> CallUntilRefusedAsync(string project, string? agent)
    {
        var headers = agent is null ? null : new Dictionary<string, string> { ["x-purser-agent"] = agent };
        for (int served = 0; served < 30; served++)
        {
            using HttpResponseMessage response = await g.PostAsync("/v1/chat/completions", Body, project, headers);
            string text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return (served, text);
            }

            response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        }

        return (30, "");
    }
}
