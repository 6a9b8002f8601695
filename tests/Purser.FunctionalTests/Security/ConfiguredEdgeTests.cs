using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Purser.FunctionalTests.Infrastructure;
using Purser.Keys;
using static Purser.FunctionalTests.Security.OpenModeBrowserTests;

namespace Purser.FunctionalTests.Security;

/// <summary>
/// The edge as an operator configures it: extra host names (Purser:Security:AllowedHosts), CORS for listed origins, the
/// admin API with the master key still taking JSON only, and a gateway that requires keys answering any host name.
/// </summary>
public sealed class ConfiguredEdgeTests(ConfiguredEdgeTests.Fixture fixture) : IClassFixture<ConfiguredEdgeTests.Fixture>
{
    private const string App = "https://app.example";
    private const string ChatBody = """{"model":"fake-model","messages":[{"role":"user","content":"configured"}]}""";

    private GatewayHarness H => fixture.Harness;

    [Theory]
    [InlineData("purser.internal", HttpStatusCode.OK)]
    [InlineData("PURSER.internal.", HttpStatusCode.OK)]
    [InlineData("a.team.example", HttpStatusCode.OK)]
    [InlineData("team.example", HttpStatusCode.Forbidden)]
    [InlineData("rebind.attacker.example", HttpStatusCode.Forbidden)]
    public async Task AllowedHosts_ListedNamesAndWildcards_AreAnswered(string host, HttpStatusCode expected)
    {
        using HttpClient http = H.Gateway.CreateClient();
        using HttpResponseMessage response = await SendAsync(http, HttpMethod.Get, "/v1/models", null, null, ("Host", $"{host}:{new Uri(H.Url).Port}"));

        response.StatusCode.ShouldBe(expected);
    }

    [Fact]
    public async Task AllowedOrigin_GetsTheAnswerWithCorsHeaders()
    {
        using HttpClient http = H.Gateway.CreateClient();
        using HttpResponseMessage response = await SendAsync(http, HttpMethod.Post, "/v1/chat/completions", ChatBody, "application/json", ("Origin", App));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Access-Control-Allow-Origin").Single().ShouldBe(App);
        response.Headers.GetValues("Access-Control-Expose-Headers").Single().ShouldContain("x-purser-cost-usd");
        response.Headers.Vary.ShouldContain("Origin");
    }

    [Fact]
    public async Task AllowedOrigin_Preflight_Gets204WithWhatItAskedFor()
    {
        using HttpClient http = H.Gateway.CreateClient();
        using HttpRequestMessage preflight = Preflight(App, "content-type, authorization, x-purser-project");

        using HttpResponseMessage response = await http.SendAsync(preflight);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        response.Headers.GetValues("Access-Control-Allow-Origin").Single().ShouldBe(App);
        response.Headers.GetValues("Access-Control-Allow-Methods").Single().ShouldContain("POST");
        response.Headers.GetValues("Access-Control-Allow-Headers").Single().ShouldBe("content-type, authorization, x-purser-project");
        response.Headers.GetValues("Access-Control-Max-Age").Single().ShouldBe("600");
    }

    [Fact]
    public async Task OtherOrigin_IsStillRefused()
    {
        using HttpClient http = H.Gateway.CreateClient();
        using HttpResponseMessage response = await SendAsync(http, HttpMethod.Post, "/v1/chat/completions", ChatBody, "application/json", ("Origin", "https://app.example.evil.example"));

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AdminApi_WithMasterKeyButTextPlain_Gets415AndCreatesNothing()
    {
        using HttpClient admin = H.Gateway.CreateAdminClient();
        using HttpResponseMessage plain = await SendAsync(admin, HttpMethod.Post, "/api/keys", """{"name":"x","models":["*"]}""", "text/plain");
        H.Gateway.Services.GetRequiredService<KeyService>().List().ShouldBeEmpty();
        using HttpResponseMessage json = await SendAsync(admin, HttpMethod.Post, "/api/keys", """{"name":"y"}""", "application/json; charset=utf-8");

        plain.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        JsonNode.Parse(await plain.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>().ShouldBe("unsupported_media_type");
        json.StatusCode.ShouldBe(HttpStatusCode.Created);
        H.Gateway.Services.GetRequiredService<KeyService>().List().Select(k => k.Name).ShouldBe(["y"]);
    }

    [Fact]
    public async Task AdminApi_FromLoopbackWithoutTheKey_Gets401()
    {
        using HttpClient http = H.Gateway.CreateClient();
        using HttpResponseMessage response = await http.GetAsync("/api/costs");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RequireKeys_AnyHostName_IsAnsweredForAKeyHolder()
    {
        await using GatewayHarness keyed = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c => c["Purser:Auth:RequireKeys"] = "true");
        using HttpClient admin = keyed.Gateway.CreateAdminClient();
        using HttpClient anonymous = keyed.Gateway.CreateClient();
        using HttpResponseMessage withoutKey = await SendAsync(anonymous, HttpMethod.Post, "/v1/chat/completions", ChatBody, "application/json", ("Host", "purser.example.com"));
        using HttpResponseMessage withKey = await SendAsync(admin, HttpMethod.Post, "/v1/chat/completions", ChatBody, "application/json", ("Host", "purser.example.com"));

        withoutKey.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        withKey.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public GatewayHarness Harness { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Harness = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c =>
            {
                c["Purser:Security:AllowedHosts:0"] = "purser.internal";
                c["Purser:Security:AllowedHosts:1"] = "*.team.example";
                c["Purser:Security:Cors:AllowedOrigins:0"] = App;
            });

        public async Task DisposeAsync() => await Harness.DisposeAsync();
    }
}
