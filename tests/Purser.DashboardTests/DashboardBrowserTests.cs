using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using Purser.FunctionalTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Purser.DashboardTests;

/// <summary>The dashboard in Debian's chromium: signing in, every page with data, the chart against /api/costs, keys, budgets, cache, filters, forged posts.</summary>
public sealed class DashboardBrowserTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Soon = new() { Timeout = 15_000 };

    [Fact]
    public async Task SignIn_IsRequired_WithTheMasterKey()
    {
        var (context, page, errors) = await fixture.OpenAsync(signedIn: false);
        await using (context)
        {
            await page.GotoAsync("/calls?status=ok");
            page.Url.ShouldBe(fixture.Url + "/login?return=" + Uri.EscapeDataString("/calls?status=ok"));
            await fixture.ScreenshotAsync(page, "login");

            await page.FillAsync("#key", "wrong-key");
            await page.ClickAsync("button[type=submit]");
            await Expect(page.Locator(".notice.error")).ToHaveTextAsync("That is not the master key.");

            await page.FillAsync("#key", DashboardFixture.MasterKey);
            await page.ClickAsync("button[type=submit]");
            await page.WaitForURLAsync(fixture.Url + "/calls?status=ok");
            await Expect(page.Locator("h1")).ToHaveTextAsync("Calls");
            (await context.CookiesAsync()).Single(c => c.Name == "purser_session").HttpOnly.ShouldBeTrue();
            errors.Where(e => !e.Contains("401", StringComparison.Ordinal)).ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task EveryPage_RendersTheSeededLedger_WithoutConsoleErrors()
    {
        string call = (await Calls("project=web&model=up/fake-model&limit=1"))[0]!["request_id"]!.GetValue<string>();
        var (context, page, errors) = await fixture.OpenAsync();
        await using (context)
        {
            (string Path, string Name, string Heading, string Shows)[] pages =
            [
                ("/", "overview", "Overview", "openai/gpt-4o"),
                ("/calls", "calls", "Calls", "req_"),
                ("/calls/" + call, "call-detail", "Calls / " + call, "up/fake-model"),
                ("/budgets", "budgets", "Budgets", "team"),
                ("/keys", "keys", "Virtual keys", "New key"),
                ("/providers", "providers", "Providers", "up"),
                ("/cache", "cache", "Cache", "code_review"),
                ("/prompts", "prompts", "Prompt library", "code_review"),
                ("/prompts/code_review", "prompt", "Prompts / code_review", "System prompt"),
                ("/prompts/edit", "prompt-editor", "Prompts / overrides", "Check and save"),
            ];
            foreach (var (path, name, heading, shows) in pages)
            {
                IResponse? response = await page.GotoAsync(path);
                response!.Status.ShouldBe(200, path);
                await Expect(page.Locator("h1")).ToHaveTextAsync(heading);
                await Expect(page.Locator("main")).ToContainTextAsync(shows);
                await fixture.ScreenshotAsync(page, name);
            }

            await page.GotoAsync("/?range=30d&stack=provider");
            await Expect(page.Locator(".legend li[data-key='anthropic']")).ToBeVisibleAsync();
            errors.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task Overview_OnAPhoneAndInTheDark_StaysReadable()
    {
        var (phone, phonePage, phoneErrors) = await fixture.OpenAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        await using (phone)
        {
            await phonePage.GotoAsync("/");
            await Expect(phonePage.Locator(".chart svg")).ToBeVisibleAsync();
            // Nothing wider than the screen but the tables, which scroll inside their own box.
            (await phonePage.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
            await fixture.ScreenshotAsync(phonePage, "overview-phone");
            phoneErrors.ShouldBeEmpty();
        }

        var (dark, darkPage, darkErrors) = await fixture.OpenAsync(new BrowserNewContextOptions { ColorScheme = ColorScheme.Dark });
        await using (dark)
        {
            await darkPage.GotoAsync("/");
            string background = await darkPage.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");
            background.ShouldBe("rgb(15, 20, 26)");
            await fixture.ScreenshotAsync(darkPage, "overview-dark");
            darkErrors.ShouldBeEmpty();
        }
    }

    [Theory]
    [InlineData("model")]
    [InlineData("provider")]
    public async Task Chart_Numbers_EqualApiCosts(string by)
    {
        var (context, page, errors) = await fixture.OpenAsync();
        await using (context)
        {
            await page.GotoAsync($"/?range=30d&stack={by}");
            var legend = new Dictionary<string, decimal>();
            foreach (ILocator item in await page.Locator($"[data-chart=spend][data-by={by}] .legend li[data-key]").AllAsync())
            {
                legend[(await item.GetAttributeAsync("data-key"))!] = decimal.Parse((await item.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);
            }

            JsonNode costs = JsonNode.Parse(await fixture.Api.GetStringAsync($"/api/costs?period=30d&by={by}"))!;
            var groups = costs["report"]!["groups"]!.AsArray()
                .Select(g => (Key: g!["key"]!.GetValue<string>(), Cost: g["totals"]!["cost_usd"]!.GetValue<decimal>()))
                .Where(g => g.Cost != 0)
                .ToList();
            legend.Count.ShouldBeGreaterThan(1);
            foreach (var (key, cost) in legend.Where(l => l.Key != "other"))
            {
                cost.ShouldBe(groups.Single(g => g.Key == key).Cost, key);
            }

            legend.Values.Sum().ShouldBe(groups.Sum(g => g.Cost));
            legend.Values.Sum().ShouldBe(costs["report"]!["totals"]!["cost_usd"]!.GetValue<decimal>());

            // Each bar's segments add up to the bar, and the bars to the legend.
            decimal bars = 0;
            foreach (ILocator segment in await page.Locator("[data-chart=spend] rect[data-value]").AllAsync())
            {
                bars += decimal.Parse((await segment.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);
            }

            bars.ShouldBe(legend.Values.Sum());
            errors.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task Key_CreatedInTheUi_ItsCallAppearsLive_AndOnceRevokedItIsRefused()
    {
        var (context, page, errors) = await fixture.OpenAsync();
        await using (context)
        {
            page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
            await page.GotoAsync("/keys");
            await page.FillAsync("input[name='Form.Name']", "browser-key");
            await page.FillAsync("input[name='Form.Project']", "live-test");
            await page.ClickAsync("#key-form button[type=submit]");
            string key = (await page.Locator("[data-secret]").TextContentAsync())!.Trim();
            key.ShouldStartWith("pk-purser-");
            await fixture.ScreenshotAsync(page, "keys");

            await page.GotoAsync("/calls");
            var (requestId, status) = await fixture.ChatAsync("Am I live?", key);
            status.ShouldBe(200);

            // No reload: the page notices the new call and shows it.
            ILocator row = page.Locator($"tr[data-request-id='{requestId}']");
            await Expect(row).ToBeVisibleAsync(Soon);
            await Expect(row).ToContainTextAsync("live-test");

            await page.GotoAsync("/keys");
            await page.Locator("tr:has-text('browser-key') button:has-text('Revoke')").ClickAsync();
            await Expect(page.Locator("tr:has-text('browser-key') .badge")).ToHaveTextAsync("revoked");
            (await fixture.ChatAsync("Still here?", key)).Status.ShouldBe(401);
            errors.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task Budget_EditedInTheUi_TakesTheNewLimit()
    {
        var (context, page, errors) = await fixture.OpenAsync();
        await using (context)
        {
            await page.GotoAsync("/budgets");
            await page.Locator("[data-budget='team'] a:has-text('Edit')").ClickAsync();
            await Expect(page.Locator("input[name='Form.Name']")).ToHaveValueAsync("team");
            await page.FillAsync("input[name='Form.Limit']", "1234.5");
            await page.SelectOptionAsync("select[name='Form.Window']", "weekly");
            await page.ClickAsync("#budget-form button[type=submit]");

            await Expect(page.Locator(".notice.ok")).ToHaveTextAsync("Saved budget team.");
            await Expect(page.Locator("[data-budget='team'] h2")).ToContainTextAsync("weekly");
            JsonNode team = JsonNode.Parse(await fixture.Api.GetStringAsync("/api/budgets"))!.AsArray().Single(b => b!["name"]!.GetValue<string>() == "team")!;
            team["limit"]!.GetValue<decimal>().ShouldBe(1234.5m);
            team["window"]!.GetValue<string>().ShouldBe("weekly");

            // Invalid input is refused with the rule that was broken, and nothing changes.
            await page.Locator("[data-budget='team'] a:has-text('Edit')").ClickAsync();
            await page.FillAsync("input[name='Form.Limit']", "-3");
            await page.ClickAsync("#budget-form button[type=submit]");
            await Expect(page.Locator("#budget-form .notice.error")).ToBeVisibleAsync();
            JsonNode.Parse(await fixture.Api.GetStringAsync("/api/budgets"))!.AsArray().Single(b => b!["name"]!.GetValue<string>() == "team")!["limit"]!.GetValue<decimal>().ShouldBe(1234.5m);
            errors.Where(e => !e.Contains("400", StringComparison.Ordinal)).ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task Cache_ClearedByOperation_RemovesThatOperationsAnswersOnly()
    {
        await fixture.ChatAsync("Cache me for debug.", null, ("x-purser-operation", "debug"));
        await fixture.ChatAsync("Cache me for review.", null, ("x-purser-operation", "code_review"));
        var (context, page, errors) = await fixture.OpenAsync();
        await using (context)
        {
            page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
            await page.GotoAsync("/cache?period=24h");
            await Expect(page.Locator("tr[data-operation='debug'] [data-entries]")).Not.ToHaveTextAsync("0");
            await page.Locator("tr[data-operation='debug'] button:has-text('Clear')").ClickAsync();

            await Expect(page.Locator(".notice.ok")).ToContainTextAsync("of debug");
            JsonNode stats = JsonNode.Parse(await fixture.Api.GetStringAsync("/api/cache/stats?period=24h"))!;
            stats["operations"]!.AsArray().Single(o => o!["operation"]!.GetValue<string>() == "debug")!["entries"]!.GetValue<long>().ShouldBe(0);
            stats["operations"]!.AsArray().Single(o => o!["operation"]!.GetValue<string>() == "code_review")!["entries"]!.GetValue<long>().ShouldBeGreaterThan(0);
            errors.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task Filters_NarrowTheCalls_AndTheAddressCanBeShared()
    {
        var (context, page, errors) = await fixture.OpenAsync();
        await using (context)
        {
            await page.GotoAsync("/calls");
            await page.FillAsync("input[name=project]", "research");
            await page.SelectOptionAsync("select[name=status]", "error");
            await page.SelectOptionAsync("select[name=since]", "30d");
            await page.ClickAsync("form.filters button[type=submit]");
            await page.WaitForURLAsync("**/calls?*project=research*");

            JsonArray expected = await Calls("project=research&status=error&since=30d&limit=50");
            expected.Count.ShouldBeGreaterThan(0);
            ILocator rows = page.Locator("table.calls tbody tr");
            (await rows.CountAsync()).ShouldBe(expected.Count);
            (await rows.AllInnerTextsAsync()).ShouldAllBe(text => text.Contains("research") && text.Contains("rate_limited"));
            (await page.Locator("table.calls tbody tr").First.GetAttributeAsync("data-request-id")).ShouldBe(expected[0]!["request_id"]!.GetValue<string>());

            // The same address in another tab shows the same calls.
            IPage shared = await context.NewPageAsync();
            await shared.GotoAsync(page.Url);
            (await shared.Locator("table.calls tbody tr").CountAsync()).ShouldBe(expected.Count);
            errors.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task ForgedCrossSitePost_FromAnotherPage_IsRefused()
    {
        await using FakeUpstream attacker = await FakeUpstream.StartAsync();
        attacker.Handler = (http, _) =>
        {
            http.Response.ContentType = "text/html";
            return http.Response.WriteAsync($"""
                <!DOCTYPE html><html><body>
                <form id="f" method="post" action="{fixture.Url}/keys">
                  <input name="_handler" value="create-key"><input name="Form.Name" value="forged-by-a-page">
                </form>
                <script>document.getElementById('f').submit();</script>
                </body></html>
                """);
        };
        var (context, page, _) = await fixture.OpenAsync();
        await using (context)
        {
            IResponse forged = await page.RunAndWaitForResponseAsync(
                () => page.GotoAsync(attacker.Url + "/prize"),
                response => response.Url == fixture.Url + "/keys" && response.Request.Method == "POST");

            // Refused at the edge (another origin, 403 origin_not_allowed) before the anti-forgery token is looked at.
            forged.Status.ShouldBe(403);
            (await fixture.Api.GetStringAsync("/api/keys")).ShouldNotContain("forged-by-a-page");
        }
    }

    private async Task<JsonArray> Calls(string query) =>
        JsonNode.Parse(await fixture.Api.GetStringAsync("/api/calls?" + query))!["calls"]!.AsArray();
}
