using System.Net;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;
using static Purser.FunctionalTests.Caching.CacheCalls;

namespace Purser.FunctionalTests.Gateway;

/// <summary>
/// The audit's model name with a non-ASCII or control character: it reached the upstream, then echoing it in
/// x-purser-model made Kestrel throw — a 500 the ledger recorded as 200, or, streamed, no ledger row at all and a hard
/// budget's reservation held for its whole lease. Header values are now encoded, and a stream that is never read is
/// still completed (recorded and reconciled).
/// </summary>
public sealed class UnusualModelNameTests(UnusualModelNameTests.Fixture fixture) : IClassFixture<UnusualModelNameTests.Fixture>
{
    private GatewayHarness H => fixture.Harness;

    [Theory]
    [InlineData("fäke-model", "f%C3%A4ke-model")]
    [InlineData("fake\u0007model", "fake%07model")]
    [InlineData("模型", "%E6%A8%A1%E5%9E%8B")]
    public async Task NonStreamed_AnswerIs200WithTheNameEncodedInTheHeader_AndTheLedgerAgrees(string model, string encoded)
    {
        using HttpClient http = H.Gateway.CreateClient();

        var (response, body) = await ChatAsync(http, Body(model, stream: false));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        Header(response, "x-purser-model").ShouldBe(encoded);
        JsonNode.Parse(body)!["model"]!.GetValue<string>().ShouldBe(model);
        await FlushAsync();
        Dictionary<string, object?> row = LedgerDb.Rows(H.Gateway.Home, $"SELECT * FROM ledger WHERE request_id = '{Header(response, "x-purser-request-id")}'").Single();
        row["status"].ShouldBe(200L);
        row["model"].ShouldBe(model);
    }

    [Theory]
    [InlineData("strëam-model")]
    [InlineData("stream\u0001model")]
    public async Task Streamed_IsServedRecordedAndReconciled(string model)
    {
        using HttpClient http = H.Gateway.CreateAdminClient();

        var (response, body) = await ChatAsync(http, Body(model, stream: true));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        body.ShouldContain("data: [DONE]");
        await FlushAsync();
        LedgerDb.Rows(H.Gateway.Home, "SELECT * FROM ledger").Count(r => (string?)r["model"] == model).ShouldBe(1);
        JsonNode hard = JsonNode.Parse(await http.GetStringAsync("/api/budgets/status"))!.AsArray().Single(b => b!["name"]!.GetValue<string>() == "hard")!;
        hard["reserved"]!.GetValue<decimal>().ShouldBe(0m, hard.ToJsonString());
    }

    [Fact]
    public async Task UserNameWithNonAscii_InAPerUserBudgetRefusal_IsEncodedNot500()
    {
        using HttpClient http = H.Gateway.CreateClient();

        var (response, body) = await ChatAsync(http, """{"model":"fake-model","user":"jürgen\u0002","max_tokens":5000,"messages":[{"role":"user","content":"hi"}]}""");

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests, body);
        Header(response, "x-purser-budget").ShouldBe("tiny-per-user[j%C3%BCrgen%02]");
    }

    private static string Body(string model, bool stream) =>
        new JsonObject
        {
            ["model"] = "up/" + model,
            ["stream"] = stream,
            ["max_tokens"] = 50,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "hello" }),
        }.ToJsonString();

    private Task FlushAsync() => ((Ledger.LedgerWriter)H.Gateway.Services.GetService(typeof(Ledger.LedgerWriter))!).FlushAsync();

    public sealed class Fixture : IAsyncLifetime
    {
        public GatewayHarness Harness { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Harness = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c =>
            {
                c["Purser:Cache:Enabled"] = "false";
                c["Purser:Budgets:TimeZone"] = "UTC";
                c["Purser:Budgets:Items:hard:Unit"] = "tokens";
                c["Purser:Budgets:Items:hard:Limit"] = "1000000";
                c["Purser:Budgets:Items:tiny-per-user:Scope"] = "user";
                c["Purser:Budgets:Items:tiny-per-user:Match"] = "*";
                c["Purser:Budgets:Items:tiny-per-user:Unit"] = "tokens";
                c["Purser:Budgets:Items:tiny-per-user:Limit"] = "10";
            });

        public async Task DisposeAsync() => await Harness.DisposeAsync();
    }
}
