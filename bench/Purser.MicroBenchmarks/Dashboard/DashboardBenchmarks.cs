using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Purser.Gateway;
using Purser.MicroBenchmarks.Reports;
using Purser.Storage.Sqlite;

namespace Purser.MicroBenchmarks.Dashboard;

/// <summary>
/// Every dashboard page and the /api/costs reports, rendered whole by the real gateway over HTTP on loopback, with one million ledger rows
/// (<see cref="LedgerSeed"/>, 90 days before today) and two budgets. The seeded database is kept in the temp folder for
/// the day, so a second run does not seed again. In process: the gateway is too big a build for BenchmarkDotNet's
/// generated project on a loaded two-core machine, and one process seeds (or opens) the database once.
/// </summary>
[Config(typeof(Settings))]
[MemoryDiagnoser]
public partial class DashboardBenchmarks
{
    private const int Rows = 1_000_000;
    private const string MasterKey = "sk-purser-bench-dashboard-master";
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    /// <summary>
    /// In process, with time for the first run to seed a million rows: about ten minutes on a quiet machine, but more
    /// than 40 (810,000 rows) on the shared one at load average 40–55, where the previous 40-minute limit stopped it.
    /// </summary>
    private sealed class Settings : ManualConfig
    {
        public Settings() => AddJob(Job.Default
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(120), logOutput: true))
            .WithWarmupCount(3)
            .WithIterationCount(10));
    }

    [GlobalSetup]
    public void Setup()
    {
        string home = Path.Combine(Path.GetTempPath(), "purser-dashboard-bench-" + DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        string database = Path.Combine(home, "purser.db");
        string seeded = Path.Combine(home, "seeded");
        if (!File.Exists(seeded))
        {
            if (Directory.Exists(home))
            {
                Directory.Delete(home, recursive: true);
            }

            Directory.CreateDirectory(home);
            LedgerSeed.Append(new SqliteDatabase(database), Rows, DateTimeOffset.UtcNow);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.WriteAllText(seeded, Rows.ToString(CultureInfo.InvariantCulture));
        }

        var settings = new GatewayHostSettings
        {
            Urls = "http://127.0.0.1:0",
            Environment = name => name == "PURSER_HOME" ? home : null,
            ReadEnvironmentConfiguration = false,
            LogLevel = LogLevel.Warning,
        };
        // As a team runs it: a master key, so the admin API answers and the pages are behind the sign-in.
        settings.Overrides["Purser:Auth:MasterKey"] = MasterKey;
        _app = GatewayHost.Build(settings);
        _app.StartAsync().GetAwaiter().GetResult();
        string url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromMinutes(2),
        };
        SignIn();
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MasterKey);
        Put("/api/budgets/monthly", """{"limit":1000,"window":"monthly"}""");
        Put("/api/budgets/project-3", """{"scope":"project","match":"project-3","limit":50,"window":"daily"}""");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _http.Dispose();
        _app.StopAsync().GetAwaiter().GetResult();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Description = "/ (overview, 30 d by model)")]
    public Task<string> Overview() => Page("/");

    [Benchmark(Description = "/?range=24h&stack=provider")]
    public Task<string> Overview24hByProvider() => Page("/?range=24h&stack=provider");

    [Benchmark(Description = "/calls")]
    public Task<string> Calls() => Page("/calls");

    [Benchmark(Description = "/calls?project&status=error&since=30d")]
    public Task<string> CallsFiltered() => Page("/calls?project=project-3&status=error&since=30d");

    [Benchmark(Description = "/calls?key&status=timeout (rare)")]
    public Task<string> CallsRareKey() => Page("/calls?key=key000000007&status=timeout&model=gpt-4o");

    [Benchmark(Description = "/calls/{id}")]
    public Task<string> CallDetail() => Page("/calls/req_0000beef");

    [Benchmark(Description = "/budgets")]
    public Task<string> Budgets() => Page("/budgets");

    [Benchmark(Description = "/keys")]
    public Task<string> Keys() => Page("/keys");

    [Benchmark(Description = "/providers")]
    public Task<string> Providers() => Page("/providers");

    [Benchmark(Description = "/cache (7 d)")]
    public Task<string> Cache() => Page("/cache");

    [Benchmark(Description = "/cache?period=all")]
    public Task<string> CacheAllTime() => Page("/cache?period=all");

    [Benchmark(Description = "/prompts")]
    public Task<string> Prompts() => Page("/prompts");

    [Benchmark(Description = "/api/costs?period=30d&by=model&recent=20")]
    public Task<string> ApiCosts() => Page("/api/costs?period=30d&by=model&recent=20");

    [Benchmark(Description = "/api/costs?period=all&by=project")]
    public Task<string> ApiCostsAllByProject() => Page("/api/costs?period=all&by=project");

    [Benchmark(Description = "/api/costs/series?period=30d&by=model&bucket=day")]
    public Task<string> ApiCostsSeries() => Page("/api/costs/series?period=30d&by=model&bucket=day");

    private async Task<string> Page(string path)
    {
        using HttpResponseMessage response = await _http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Signs in as a browser does: the login form's hidden fields (anti-forgery token, handler) and the key.</summary>
    private void SignIn()
    {
        string form = _http.GetStringAsync("/login").GetAwaiter().GetResult();
        var fields = HiddenInput().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["Key"] = MasterKey;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/login") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Origin", _http.BaseAddress!.GetLeftPart(UriPartial.Authority));
        using HttpResponseMessage response = _http.SendAsync(request).GetAwaiter().GetResult();
        if ((int)response.StatusCode is < 300 or >= 400)
        {
            throw new InvalidOperationException($"Sign-in answered {(int)response.StatusCode}, not a redirect.");
        }
    }

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)"\s*/?>""")]
    private static partial Regex HiddenInput();

    private void Put(string path, string json)
    {
        using HttpResponseMessage response = _http.PutAsync(path, new StringContent(json, Encoding.UTF8, "application/json")).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
    }
}
