using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Purser.FunctionalTests.Infrastructure;
using Purser.Ledger;
using Purser.Storage.Sqlite;

namespace Purser.DashboardTests;

/// <summary>
/// One gateway with a master key, a fake upstream, a ledger seeded with a month of calls and two budgets, and one
/// Debian chromium driven by Playwright; each test opens its own browser context.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string MasterKey = "dashboard-test-master-key-42";

    /// <summary>Debian's chromium (scripts/test.sh installs it); PURSER_CHROMIUM points elsewhere.</summary>
    private static readonly string Chromium = Environment.GetEnvironmentVariable("PURSER_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private string _signedIn = "";

    public GatewayHarness Harness { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string Url => Harness.Url;

    /// <summary>A client of the admin API and the model endpoints, with the master key.</summary>
    public HttpClient Api { get; private set; } = null!;

    /// <summary>Where screenshots go: TestResults/dashboard (CI artifacts) and, with PURSER_UPDATE_SCREENSHOTS=1, docs/dashboard.</summary>
    public IReadOnlyList<string> ScreenshotFolders { get; private set; } = [];

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"The dashboard tests need chromium at {Chromium}: `apt-get install -y chromium` (scripts/test.sh does it), or set PURSER_CHROMIUM.");
        }

        Harness = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c =>
        {
            c["Purser:Auth:MasterKey"] = MasterKey;
            c["Purser:Dashboard:RefreshSeconds"] = "1";
            c["Purser:Pricing:up/fake-model:Input"] = "5";
            c["Purser:Pricing:up/fake-model:Output"] = "15";
            c["Purser:Resilience:Retry:MaxAttempts"] = "2";
            c["Purser:Resilience:Retry:BaseDelayMs"] = "10";
        });
        Api = Harness.Gateway.CreateClient();
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MasterKey);
        await SeedAsync();

        string root = RepositoryRoot();
        var folders = new List<string> { Path.Combine(root, "TestResults", "dashboard") };
        if (Environment.GetEnvironmentVariable("PURSER_UPDATE_SCREENSHOTS") == "1")
        {
            folders.Add(Path.Combine(root, "docs", "dashboard"));
        }

        folders.ForEach(f => Directory.CreateDirectory(f));
        ScreenshotFolders = folders;

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });

        // Sign in once through the page; the contexts of the tests start from that session.
        await using IBrowserContext context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Url });
        IPage page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#key", MasterKey);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(Url + "/");
        _signedIn = await context.StorageStateAsync();
    }

    /// <summary>A signed-in browser context (1280×900, light) that fails the test on any console error or page error.</summary>
    public async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> OpenAsync(BrowserNewContextOptions? options = null, bool signedIn = true)
    {
        options ??= new BrowserNewContextOptions();
        options.BaseURL = Url;
        options.ViewportSize ??= new ViewportSize { Width = 1280, Height = 900 };
        options.ColorScheme ??= ColorScheme.Light;
        if (signedIn)
        {
            options.StorageState = _signedIn;
        }

        IBrowserContext context = await Browser.NewContextAsync(options);
        IPage page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add(error);
            }
        };
        return (context, page, errors);
    }

    public async Task ScreenshotAsync(IPage page, string name)
    {
        byte[] png = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true });
        foreach (string folder in ScreenshotFolders)
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, name + ".png"), png);
        }
    }

    /// <summary>A chat call through the gateway; returns its request id and status.</summary>
    public async Task<(string RequestId, int Status)> ChatAsync(string question, string? key = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent($$"""{"model":"fake-model","messages":[{"role":"user","content":"{{question}}"}]}""", Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using HttpClient client = Harness.Gateway.CreateClient();
        HttpResponseMessage response = await client.SendAsync(request);
        return (response.Headers.TryGetValues("x-purser-request-id", out var ids) ? ids.Single() : "", (int)response.StatusCode);
    }

    /// <summary>A month of calls straight into the gateway's ledger, real calls through it, and two budgets.</summary>
    private async Task SeedAsync()
    {
        var ledger = new SqliteLedgerStore(Harness.Gateway.Services.GetRequiredService<SqliteDatabase>());
        string[] models = ["openai/gpt-4o", "openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5", "gemini/gemini-2.5-flash", "anthropic/claude-haiku-4-5", "xai/grok-4", "openai/o3"];
        string[] projects = ["web", "mobile", "ci", "research"];
        string[] agents = ["claude-code", "aider", "review-bot"];
        string[] operations = ["chat", "code_review", "debug", "file_scoring"];
        string?[] caches = ["miss", "miss", "miss", "hit", "bypass"];
        var random = new Random(2026);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var rows = new List<LedgerEntry>();
        for (int i = 0; i < 2400; i++)
        {
            string deployment = models[Math.Min(models.Length - 1, (int)Math.Floor(Math.Pow(random.NextDouble(), 1.6) * models.Length))];
            string? cache = caches[random.Next(caches.Length)];
            bool failed = random.Next(25) == 0;
            bool hit = cache == "hit" && !failed;
            long input = random.Next(200, 12_000), output = random.Next(50, 2_000);
            decimal cost = Math.Round((input * 2.5m + output * 10m) / 1_000_000m * (deployment.Contains("mini") || deployment.Contains("flash") || deployment.Contains("haiku") ? 0.2m : 1m), 8);
            rows.Add(new LedgerEntry
            {
                RequestId = $"req_seed{i:D6}",
                // Within the last 29.5 days, so the 30-day report and chart agree to the row.
                Timestamp = now.AddSeconds(-random.Next(10, (int)(29.5 * 86_400))),
                Provider = deployment[..deployment.IndexOf('/')],
                Model = deployment[(deployment.IndexOf('/') + 1)..],
                Deployment = deployment,
                RequestedModel = random.Next(3) == 0 ? "auto" : deployment,
                Project = projects[random.Next(projects.Length)],
                Agent = agents[random.Next(agents.Length)],
                User = random.Next(2) == 0 ? "alice" : "bob",
                Operation = operations[random.Next(operations.Length)],
                InputTokens = hit ? 0 : input,
                OutputTokens = hit ? 0 : output,
                CostUsd = hit || failed ? 0 : cost,
                SavedUsd = hit ? cost : null,
                CacheHit = hit,
                CacheOutcome = cache,
                CacheSavedTokens = hit ? input + output : 0,
                Outcome = failed ? "rate_limited" : "ok",
                Status = failed ? 429 : 200,
                Attempts = 1,
                LatencyMs = random.Next(200, 4000),
                Route = random.Next(3) == 0 ? "auto:cheap(keyword)" : "explicit",
                Protocol = "openai",
            });
        }

        await ledger.AppendAsync(rows, CancellationToken.None);
        (await Api.PutAsync("/api/budgets/team", new StringContent("""{"limit":250,"window":"monthly"}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        (await Api.PutAsync("/api/budgets/research", new StringContent("""{"scope":"project","match":"research","limit":2,"window":"daily"}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        for (int i = 0; i < 3; i++)
        {
            await ChatAsync($"Seed question {i}", null, ("x-purser-project", "web"), ("x-purser-operation", "code_review"));
        }

        await ChatAsync("Seed question 0", null, ("x-purser-project", "web"), ("x-purser-operation", "code_review"));
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Purser.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Purser.slnx) was not found above " + AppContext.BaseDirectory);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Api?.Dispose();
        if (Harness is not null)
        {
            await Harness.DisposeAsync();
        }
    }
}
