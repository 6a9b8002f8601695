using System.Net;
using System.Text;
using Purser.FunctionalTests.Infrastructure;
using static Purser.FunctionalTests.Caching.CacheCalls;

namespace Purser.FunctionalTests.Budgets;

/// <summary>
/// docs/BUDGETS.md: "an answer already paid for can still be served". The audit found the emergency tier rewrote the
/// model and max_tokens before the cache lookup, so a cached request sent again came back a miss (or a 429). The cache
/// is now looked up for the request as asked before a tier's narrowing applies.
/// </summary>
public sealed class BudgetTierCacheTests
{
    private const string Question = """{"model":"dear/m","max_tokens":60,"messages":[{"role":"user","content":"an answer already paid for"}]}""";

    /// <summary>The tier tests' providers ("dear" priced as gpt-4o, "thrifty" as gpt-4o-mini), with the cache on.</summary>
    private static Dictionary<string, string?> Config()
    {
        Dictionary<string, string?> config = BudgetTierAndAlertTests.Config();
        config["Purser:Cache:Enabled"] = "true";
        return config;
    }

    [Theory]
    [InlineData("0.002", "0.0019", "0.0019", "tier:emergency")]
    [InlineData("0.002", "0.0019", "0.0001", "tier:cheap")]
    [InlineData("0.0001", "50%", "10%", "tier:exhausted")]
    public async Task CachedAnswer_IsServedUnderANarrowingTier(string limit, string cheapBelow, string emergencyBelow, string tier)
    {
        await using GatewayServer gateway = await GatewayServer.StartAsync(Config());
        using HttpClient http = gateway.CreateAdminClient();
        await PutBudgetAsync(http, """{"limit":0.002}""");
        var (first, _) = await ChatAsync(http, Question);
        Header(first, "x-purser-cache").ShouldBe("miss");
        await PutBudgetAsync(http, $$"""{"limit":{{limit}},"cheap_below":"{{cheapBelow}}","emergency_below":"{{emergencyBelow}}"}""");

        var (again, body) = await ChatAsync(http, Question);
        var (other, _) = await ChatAsync(http, Question.Replace("already paid for", "never asked", StringComparison.Ordinal));

        again.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        Header(again, "x-purser-cache").ShouldBe("hit");
        Header(again, "x-purser-provider").ShouldBe("dear");
        Header(again, "x-purser-cost-usd").ShouldBe("0");
        Header(again, "x-purser-route").ShouldContain(tier);
        Header(other, "x-purser-cache").ShouldNotBe("hit");
        Header(other, "x-purser-route").ShouldContain(tier);
    }

    private static async Task PutBudgetAsync(HttpClient http, string body)
    {
        using HttpResponseMessage response = await http.PutAsync("/api/budgets/daily", new StringContent(body, Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
