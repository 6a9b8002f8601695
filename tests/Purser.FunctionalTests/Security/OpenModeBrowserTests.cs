using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Anthropic.Models.Messages;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;
using Purser.FunctionalTests.Infrastructure;
using Purser.Keys;

namespace Purser.FunctionalTests.Security;

/// <summary>
/// The audit's drive-by cases against a gateway in open mode (the default: no master key, no keys required): a web page
/// the user visits must not be able to use it — not by a foreign Origin, not by a text/plain body no browser asks
/// permission for, not by rebinding its own host name to 127.0.0.1 — while SDKs and coding agents on loopback keep working.
/// </summary>
public sealed class OpenModeBrowserTests(OpenModeBrowserTests.Fixture fixture) : IClassFixture<OpenModeBrowserTests.Fixture>
{
    private const string Evil = "https://evil.example";
    private const string ChatBody = """{"model":"fake-model","messages":[{"role":"user","content":"drive-by"}]}""";

    private GatewayHarness H => fixture.Harness;

    [Fact]
    public async Task CreateKey_TextPlainFromForeignOrigin_IsRefusedAndNoKeyIsCreated()
    {
        using HttpClient http = H.Gateway.CreateClient();
        using HttpResponseMessage response = await SendAsync(http, HttpMethod.Post, "/api/keys", """{"name":"x","models":["*"]}""", "text/plain", ("Origin", Evil));

        ((int)response.StatusCode).ShouldBeInRange(400, 499);
        response.StatusCode.ShouldNotBe(HttpStatusCode.Created);
        H.Gateway.Services.GetRequiredService<KeyService>().List().ShouldBeEmpty();
    }

    [Fact]
    public async Task ClearCache_TextPlainFromForeignOrigin_IsRefusedAndTheEntryStays()
    {
        using HttpClient http = H.Gateway.CreateClient();
        string body = """{"model":"fake-model","messages":[{"role":"user","content":"keep me cached"}]}""";
        (await SendAsync(http, HttpMethod.Post, "/v1/chat/completions", body, "application/json")).StatusCode.ShouldBe(HttpStatusCode.OK);

        using HttpResponseMessage clear = await SendAsync(http, HttpMethod.Post, "/api/cache/clear", "{}", "text/plain", ("Origin", Evil));
        using HttpResponseMessage again = await SendAsync(http, HttpMethod.Post, "/v1/chat/completions", body, "application/json");

        ((int)clear.StatusCode).ShouldBeInRange(400, 499);
        again.Headers.GetValues("x-purser-cache").Single().ShouldBe("hit");
    }

    [Fact]
    public async Task Chat_FromForeignOrigin_Gets403AndNeverReachesTheUpstream()
    {
        using HttpClient http = H.Gateway.CreateClient();
        int before = H.Upstream.CallCount;

        using HttpResponseMessage response = await SendAsync(http, HttpMethod.Post, "/v1/chat/completions", ChatBody, "application/json", ("Origin", Evil));
        JsonNode error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        error["code"]!.GetValue<string>().ShouldBe("origin_not_allowed");
        error["message"]!.GetValue<string>().ShouldContain("Purser:Security:Cors:AllowedOrigins");
        response.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
        H.Upstream.CallCount.ShouldBe(before);
    }

    [Fact]
    public async Task Preflight_FromForeignOrigin_GetsNoCorsPermission()
    {
        using HttpClient http = H.Gateway.CreateClient();
        using HttpRequestMessage preflight = Preflight(Evil, "content-type, authorization");

        using HttpResponseMessage response = await http.SendAsync(preflight);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/plain;charset=UTF-8")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData(null)]
    public async Task Chat_BodyThatIsNotDeclaredJson_Gets415InOpenAIFormat(string? contentType)
    {
        using HttpClient http = H.Gateway.CreateClient();
        int before = H.Upstream.CallCount;

        using HttpResponseMessage response = await SendAsync(http, HttpMethod.Post, "/v1/chat/completions", ChatBody, contentType);
        JsonNode error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        error["code"]!.GetValue<string>().ShouldBe("unsupported_media_type");
        error["message"]!.GetValue<string>().ShouldContain("application/json");
        H.Upstream.CallCount.ShouldBe(before);
    }

    [Fact]
    public async Task Messages_TextPlainBody_Gets415InAnthropicFormat()
    {
        using HttpClient http = H.Gateway.CreateClient();
        using HttpResponseMessage response = await SendAsync(http, HttpMethod.Post, "/v1/messages", """{"model":"fake-model","max_tokens":10,"messages":[{"role":"user","content":"x"}]}""", "text/plain");
        JsonNode body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        body["type"]!.GetValue<string>().ShouldBe("error");
        body["error"]!["type"]!.GetValue<string>().ShouldBe("invalid_request_error");
    }

    [Theory]
    [InlineData("GET", "/api/costs")]
    [InlineData("GET", "/api/keys")]
    [InlineData("GET", "/v1/models")]
    [InlineData("POST", "/v1/chat/completions")]
    public async Task RebindingHost_Gets403AndNoAnswer(string method, string path)
    {
        using HttpClient http = H.Gateway.CreateClient();
        int before = H.Upstream.CallCount;
        int port = new Uri(H.Url).Port;

        using HttpResponseMessage response = await SendAsync(http, new HttpMethod(method), path, method == "POST" ? ChatBody : null, method == "POST" ? "application/json" : null, ("Host", $"rebind.attacker.example:{port}"));
        string text = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        JsonNode.Parse(text)!["error"]!["code"]!.GetValue<string>().ShouldBe("host_not_allowed");
        text.ShouldNotContain("fake-model");
        H.Upstream.CallCount.ShouldBe(before);
    }

    [Fact]
    public async Task NoCorsRequestFromAnotherSite_WithoutOrigin_IsRefusedByFetchMetadata()
    {
        using HttpClient http = H.Gateway.CreateClient();
        using HttpResponseMessage response = await SendAsync(http, HttpMethod.Get, "/v1/models", null, null, ("Sec-Fetch-Site", "cross-site"), ("Sec-Fetch-Mode", "no-cors"));

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AdminApi_FromLoopbackWithoutMasterKey_IsClosed()
    {
        using HttpClient http = H.Gateway.CreateClient();
        using HttpResponseMessage costs = await http.GetAsync("/api/costs");
        using HttpResponseMessage create = await SendAsync(http, HttpMethod.Post, "/api/keys", """{"name":"x"}""", "application/json");

        costs.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        JsonNode.Parse(await costs.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>().ShouldContain("Purser:Auth:MasterKey");
        create.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        H.Gateway.Services.GetRequiredService<KeyService>().List().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("127.0.0.1:{0}", "application/json")]
    [InlineData("localhost:{0}", "application/json; charset=utf-8")]
    [InlineData("LOCALHOST:{0}", "application/json;charset=UTF-8")]
    [InlineData("[::1]:{0}", "application/json")]
    [InlineData("localhost", "application/json")]
    public async Task CodingAgentShapes_LoopbackHostNoOriginJson_AreServed(string host, string contentType)
    {
        using HttpClient http = H.Gateway.CreateClient();
        string hostHeader = string.Format(System.Globalization.CultureInfo.InvariantCulture, host, new Uri(H.Url).Port);

        using HttpResponseMessage chat = await SendAsync(http, HttpMethod.Post, "/v1/chat/completions", ChatBody, contentType, ("Host", hostHeader), ("Authorization", "Bearer sk-placeholder"));
        using HttpResponseMessage models = await SendAsync(http, HttpMethod.Get, "/v1/models", null, null, ("Host", hostHeader));

        chat.StatusCode.ShouldBe(HttpStatusCode.OK, await chat.Content.ReadAsStringAsync());
        models.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SameOriginPage_IsServed()
    {
        using HttpClient http = H.Gateway.CreateClient();
        using HttpResponseMessage response = await SendAsync(http, HttpMethod.Post, "/v1/chat/completions", ChatBody, "application/json", ("Origin", H.Url), ("Sec-Fetch-Site", "same-origin"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OfficialSdks_AtLocalhost_KeepWorking()
    {
        string localhost = H.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        ChatCompletion completion = await Clients.OpenAIChat(localhost).CompleteChatAsync([new UserChatMessage("hello from the SDK")]);
        Message message = await AnthropicClients.Create(localhost).Messages.Create(new MessageCreateParams
        {
            Model = GatewayHarness.Model,
            MaxTokens = 50,
            Messages = [new UserMessageParam("hello from the SDK")],
        });

        completion.Content[0].Text.ShouldNotBeNullOrEmpty();
        message.Content.ShouldNotBeEmpty();
    }

    /// <summary>A browser's CORS preflight for a POST to /v1/chat/completions from <paramref name="origin"/>.</summary>
    internal static HttpRequestMessage Preflight(string origin, string headers)
    {
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/chat/completions");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", headers);
        return preflight;
    }

    internal static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string? body, string? contentType, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        foreach (var (name, value) in headers)
        {
            if (name == "Host")
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return await http.SendAsync(request);
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public GatewayHarness Harness { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Harness = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c => c["Purser:Auth:MasterKey"] = null);

        public async Task DisposeAsync() => await Harness.DisposeAsync();
    }
}
