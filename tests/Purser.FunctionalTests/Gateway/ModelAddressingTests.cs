using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Gateway;

/// <summary>GET /v1/models and the three ways to address a model: provider/model, a bare name, an alias.</summary>
public sealed class ModelAddressingTests
{
    private static readonly Dictionary<string, string?> Config = new()
    {
        ["Purser:Providers:left:Kind"] = "simulated",
        ["Purser:Providers:left:Models:0"] = "solo",
        ["Purser:Providers:left:Models:1"] = "shared",
        ["Purser:Providers:right:Kind"] = "simulated",
        ["Purser:Providers:right:Models:0"] = "shared",
        ["Purser:Models:fav:Targets:0"] = "right/shared",
        ["Purser:Models:fav:Description"] = "my favourite",
    };

    [Fact]
    public async Task Models_ListsEveryConfiguredModelAsProviderSlashModelAndEveryAliasWithItsTargets()
    {
        await using GatewayServer gateway = await GatewayServer.StartAsync(Config);
        using HttpClient http = gateway.CreateClient();

        JsonObject list = JsonNode.Parse(await http.GetStringAsync("/v1/models"))!.AsObject();

        list["object"]!.GetValue<string>().ShouldBe("list");
        JsonArray data = list["data"]!.AsArray();
        string[] ids = [.. data.Select(m => m!["id"]!.GetValue<string>())];
        ids.ShouldContain("left/solo");
        ids.ShouldContain("left/shared");
        ids.ShouldContain("right/shared");
        JsonNode fav = data.Single(m => m!["id"]!.GetValue<string>() == "fav")!;
        fav["purser_kind"]!.GetValue<string>().ShouldBe("alias");
        fav["purser_targets"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["right/shared"]);
        data.Single(m => m!["id"]!.GetValue<string>() == "left/solo")!["owned_by"]!.GetValue<string>().ShouldBe("left");
    }

    [Theory]
    [InlineData("solo", "left", "solo")]
    [InlineData("left/shared", "left", "shared")]
    [InlineData("right/shared", "right", "shared")]
    [InlineData("fav", "right", "shared")]
    public async Task Chat_ModelAddressedByPathBareNameOrAlias_IsServedByTheRightProvider(string model, string provider, string upstreamModel)
    {
        await using GatewayServer gateway = await GatewayServer.StartAsync(Config);
        using HttpClient http = gateway.CreateClient();

        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", Json($$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]}"""));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("x-purser-provider").Single().ShouldBe(provider);
        response.Headers.GetValues("x-purser-model").Single().ShouldBe(upstreamModel);
    }

    [Fact]
    public async Task Chat_BareNameTwoProvidersList_Is400NamingBoth()
    {
        await using GatewayServer gateway = await GatewayServer.StartAsync(Config);
        using HttpClient http = gateway.CreateClient();

        using HttpResponseMessage openai = await http.PostAsync("/v1/chat/completions", Json("""{"model":"shared","messages":[{"role":"user","content":"hi"}]}"""));
        using HttpResponseMessage anthropic = await http.PostAsync("/v1/messages", Json("""{"model":"shared","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}"""));
        JsonObject openaiError = JsonNode.Parse(await openai.Content.ReadAsStringAsync())!["error"]!.AsObject();
        JsonObject anthropicBody = JsonNode.Parse(await anthropic.Content.ReadAsStringAsync())!.AsObject();

        openai.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        openaiError["param"]!.GetValue<string>().ShouldBe("model");
        openaiError["message"]!.GetValue<string>().ShouldContain("left");
        openaiError["message"]!.GetValue<string>().ShouldContain("right");
        anthropic.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        anthropicBody["type"]!.GetValue<string>().ShouldBe("error");
        anthropicBody["error"]!["message"]!.GetValue<string>().ShouldContain("provider/model");
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
