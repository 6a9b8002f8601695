using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Purser.FunctionalTests.Infrastructure;
using Purser.Gateway.Dashboard;
using static Purser.FunctionalTests.Caching.CacheCalls;

namespace Purser.FunctionalTests.Dashboard;

/// <summary>
/// Who may see the dashboard, over plain HTTP: with a master key a sign-in page and a session cookie (HttpOnly,
/// SameSite=Strict, expiring) and anti-forgery on every form; without one, loopback clients naming a loopback host only.
/// </summary>
public sealed partial class DashboardAccessTests(DashboardAccessTests.Fixture fixture) : IClassFixture<DashboardAccessTests.Fixture>
{
    private const string MasterKey = "dashboard-master-key-0123456789";

    public static TheoryData<string> Pages => ["/", "/calls", "/budgets", "/keys", "/providers", "/cache", "/prompts", "/prompts/code_review", "/prompts/edit"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task OpenMode_LoopbackHost_ServesThePage_WithNothingFromElsewhere(string page)
    {
        using HttpClient http = fixture.Open.Gateway.CreateClient();

        HttpResponseMessage response = await http.GetAsync(page);

        string html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("script-src 'self'");
        response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
        ExternalReference().IsMatch(html).ShouldBeFalse("the page refers to another server");
        foreach (Match asset in AssetReference().Matches(html))
        {
            HttpResponseMessage file = await http.GetAsync(asset.Groups[1].Value);
            file.StatusCode.ShouldBe(HttpStatusCode.OK, asset.Value);
            ExternalReference().IsMatch(await file.Content.ReadAsStringAsync()).ShouldBeFalse(asset.Value);
            file.Headers.CacheControl!.MaxAge.ShouldBe(TimeSpan.FromDays(365));
        }
    }

    [Theory]
    [InlineData("evil.example", HttpStatusCode.Forbidden)]
    [InlineData("purser.internal.example:4000", HttpStatusCode.Forbidden)]
    [InlineData("localhost", HttpStatusCode.OK)]
    [InlineData("127.0.0.1", HttpStatusCode.OK)]
    [InlineData("[::1]", HttpStatusCode.OK)]
    public async Task OpenMode_HostHeader_OnlyLoopbackNamesAreServed(string host, HttpStatusCode expected)
    {
        using HttpClient http = fixture.Open.Gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/calls");
        request.Headers.Host = host;

        HttpResponseMessage response = await http.SendAsync(request);

        response.StatusCode.ShouldBe(expected);
    }

    [Theory]
    [InlineData("10.1.2.3", "localhost", false)]
    [InlineData("127.0.0.1", "evil.example", false)]
    [InlineData("127.0.0.1", "localhost", true)]
    [InlineData("127.0.0.5", "127.0.0.1", true)]
    [InlineData("::1", "[::1]", true)]
    [InlineData("::1", "app.localhost", true)]
    public void IsLoopback_NeedsALoopbackClientAndALoopbackHostName(string remote, string host, bool expected)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        http.Request.Host = new HostString(host);

        DashboardAccess.IsLoopback(http).ShouldBe(expected);
    }

    [Fact]
    public async Task MasterKey_PagesRedirectToTheSignInPage_KeepingWhereTheUserWasGoing()
    {
        GatewayServer gateway = fixture.Guarded;
        using var browser = new Browser(gateway.Url);

        HttpResponseMessage overview = await browser.GetAsync("/");
        HttpResponseMessage calls = await browser.GetAsync("/calls?project=alpha");
        HttpResponseMessage live = await browser.GetAsync("/dashboard/live");

        overview.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        overview.Headers.Location!.OriginalString.ShouldBe("/login");
        calls.Headers.Location!.OriginalString.ShouldBe("/login?return=" + Uri.EscapeDataString("/calls?project=alpha"));
        live.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await browser.GetAsync("/login")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task MasterKey_SignIn_WrongKeyRefused_RightKeyGivesAStrictHttpOnlyExpiringSession()
    {
        GatewayServer gateway = fixture.Guarded;
        using var browser = new Browser(gateway.Url);

        HttpResponseMessage wrong = await browser.SignInAsync("not-the-key", "/calls");

        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("That is not the master key.");
        browser.SessionCookie.ShouldBeNull();

        HttpResponseMessage right = await browser.SignInAsync(MasterKey, "/calls");

        right.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Path(right.Headers.Location!).ShouldBe("/calls");
        string setCookie = right.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(DashboardAuth.CookieName + "=", StringComparison.Ordinal));
        setCookie.ShouldContain("httponly", Case.Insensitive);
        setCookie.ShouldContain("samesite=strict", Case.Insensitive);
        DateTimeOffset expires = DateTimeOffset.Parse(Regex.Match(setCookie, "expires=([^;]+)", RegexOptions.IgnoreCase).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        (expires - DateTimeOffset.UtcNow).ShouldBeInRange(TimeSpan.FromMinutes(110), TimeSpan.FromMinutes(121));
        (await browser.GetAsync("/calls")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // An open redirect is not followed.
        using var another = new Browser(gateway.Url);
        Uri target = (await another.SignInAsync(MasterKey, "//evil.example/")).Headers.Location!;
        target.IsAbsoluteUri.ShouldBeTrue();
        target.Host.ShouldBe("127.0.0.1");
        Path(target).ShouldBe("/");
    }

    [Fact]
    public async Task MasterKey_AFormPostedWithoutItsAntiForgeryToken_IsRefused_EvenWithTheSession()
    {
        GatewayServer gateway = fixture.Guarded;
        using var browser = new Browser(gateway.Url);
        await browser.SignInAsync(MasterKey, "/keys");

        HttpResponseMessage forged = await browser.PostFormAsync("/keys", new()
        {
            ["_handler"] = "create-key",
            ["Form.Name"] = "forged",
        });

        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await browser.GetStringAsync("/keys")).ShouldNotContain("forged");

        // The same form with the page's token goes through.
        string token = await browser.TokenAsync("/keys");
        HttpResponseMessage real = await browser.PostFormAsync("/keys", new()
        {
            ["_handler"] = "create-key",
            ["__RequestVerificationToken"] = token,
            ["Form.Name"] = "real",
        });

        real.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await real.Content.ReadAsStringAsync()).ShouldContain("pk-purser-");
    }

    [Fact]
    public async Task MasterKey_SignOut_EndsTheSession()
    {
        GatewayServer gateway = fixture.Guarded;
        using var browser = new Browser(gateway.Url);
        await browser.SignInAsync(MasterKey, "/");
        string token = await browser.TokenAsync("/");

        HttpResponseMessage signOut = await browser.PostFormAsync("/logout", new() { ["__RequestVerificationToken"] = token });

        Path(signOut.Headers.Location!).ShouldBe("/login");
        (await browser.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Pages_WithData_ShowTheLedgersFigures()
    {
        using HttpClient http = fixture.Open.Gateway.CreateClient();
        (HttpResponseMessage response, _) = await ChatAsync(http, OpenAIBody("Price me."), ("x-purser-project", "figures"));
        string requestId = Header(response, "x-purser-request-id");

        string overview = await http.GetStringAsync("/?range=24h");
        string calls = await http.GetStringAsync("/calls?project=figures");
        string detail = await http.GetStringAsync("/calls/" + requestId);

        overview.ShouldContain("data-usd=\"" + AnswerCost.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"");
        overview.ShouldContain(">figures<");
        calls.ShouldContain($"data-request-id=\"{requestId}\"");
        calls.ShouldContain("$0.00115");
        detail.ShouldContain("up/fake-model");
        detail.ShouldContain("data-attempt=\"1\"");
        (await http.GetAsync("/calls/req_missing")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await http.GetAsync("/calls?status=nonsense")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    /// <summary>An open-mode gateway (with a priced upstream) and one with a master key and two-hour sessions, shared by the tests.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public GatewayHarness Open { get; private set; } = null!;

        public GatewayServer Guarded { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Open = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c =>
            {
                Prices(c);
                c["Purser:Auth:MasterKey"] = null; // open mode: the dashboard is served to loopback clients without sign-in
            });
            Guarded = await GatewayServer.StartAsync(new Dictionary<string, string?> { ["Purser:Auth:MasterKey"] = MasterKey, ["Purser:Dashboard:SessionHours"] = "2" });
        }

        public async Task DisposeAsync()
        {
            await Open.DisposeAsync();
            await Guarded.DisposeAsync();
        }
    }

    /// <summary>A redirect's path and query, whether the location is relative or absolute.</summary>
    private static string Path(Uri location) => location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    [GeneratedRegex("""(?:src|href|action)\s*=\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [GeneratedRegex("""(?:src|href)="(/assets/[^"]+)" """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex AssetReference();

    /// <summary>A cookie-keeping client that does not follow redirects, with the dashboard's forms at hand.</summary>
    private sealed partial class Browser : IDisposable
    {
        private readonly CookieContainer _cookies = new();
        private readonly HttpClient _http;

        public Browser(string url)
        {
            _http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(url) };
        }

        public Cookie? SessionCookie => _cookies.GetAllCookies().FirstOrDefault(c => c.Name == DashboardAuth.CookieName);

        public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

        public Task<string> GetStringAsync(string path) => _http.GetStringAsync(path);

        /// <summary>The anti-forgery token of the first form on a page.</summary>
        public async Task<string> TokenAsync(string path)
        {
            string input = TokenInput().Match(await _http.GetStringAsync(path)).Value;
            string token = Value().Match(input).Groups[1].Value;
            token.ShouldNotBeNullOrEmpty(path);
            return WebUtility.HtmlDecode(token);
        }

        public async Task<HttpResponseMessage> SignInAsync(string key, string returnTo)
        {
            string token = await TokenAsync("/login?return=" + Uri.EscapeDataString(returnTo));
            return await PostFormAsync("/login", new() { ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Key"] = key, ["Return"] = returnTo });
        }

        public Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> fields) =>
            _http.PostAsync(path, new FormUrlEncodedContent(fields));

        public void Dispose() => _http.Dispose();

        [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*>")]
        private static partial Regex TokenInput();

        [GeneratedRegex("value=\"([^\"]+)\"")]
        private static partial Regex Value();
    }
}
