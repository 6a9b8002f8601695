using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Purser.Caching;
using Purser.FunctionalTests.Infrastructure;
using Purser.Tests;
using static Purser.FunctionalTests.Caching.CacheCalls;

namespace Purser.FunctionalTests.Caching;

/// <summary>How long entries live: per-operation TTLs on a hand-advanced clock, restarts, and the memory bound.</summary>
public sealed class CacheLifetimeTests
{
    [Theory]
    [InlineData("debug", 1)]
    [InlineData("code_review", 24)]
    [InlineData("architecture", 7 * 24)]
    public async Task Entry_LivesForItsOperationsTtl(string operation, int hours)
    {
        var time = new ManualTimeProvider();
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), services: s => s.AddSingleton<TimeProvider>(time));
        using HttpClient http = h.Gateway.CreateClient();
        (string, string) op = ("x-purser-operation", operation);
        await ChatAsync(http, OpenAIBody("Explain this stack trace."), op);

        time.Advance(TimeSpan.FromHours(hours) - TimeSpan.FromSeconds(1));
        var (before, _) = await ChatAsync(http, OpenAIBody("Explain this stack trace."), op);
        time.Advance(TimeSpan.FromSeconds(1));
        var (after, _) = await ChatAsync(http, OpenAIBody("Explain this stack trace."), op);

        Header(before, "x-purser-cache").ShouldBe("hit");
        Header(before, "x-purser-cache-age").ShouldBe(((hours * 3600) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Header(after, "x-purser-cache").ShouldBe("miss");
        h.Upstream.CallCount.ShouldBe(2);
    }

    [Fact]
    public async Task RequestedTtl_IsCappedAtMaxTtl()
    {
        var time = new ManualTimeProvider();
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c => c["Purser:Cache:MaxTtl"] = "2d", s => s.AddSingleton<TimeProvider>(time));
        using HttpClient http = h.Gateway.CreateClient();

        await ChatAsync(http, OpenAIBody("Keep me a year."), ("x-purser-cache-ttl", "365d"));
        time.Advance(TimeSpan.FromDays(2));
        var (after, _) = await ChatAsync(http, OpenAIBody("Keep me a year."));

        Header(after, "x-purser-cache").ShouldBe("miss");
    }

    [Fact]
    public async Task Entries_SurviveARestart()
    {
        string folder = Path.Combine(Path.GetTempPath(), "purser-cache-restart-" + Guid.NewGuid().ToString("N"));
        string database = Path.Combine(folder, "shared.db");
        try
        {
            await using (GatewayHarness first = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c => c["Purser:Database:ConnectionString"] = database))
            {
                first.Scenario.Answer = new FakeAnswer("Answered before the restart.");
                using HttpClient http = first.Gateway.CreateClient();
                await ChatAsync(http, OpenAIBody("Remember me."));
                await ChatAsync(http, OpenAIBody("Remember me too.", stream: true));
            }

            await using GatewayHarness second = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c => c["Purser:Database:ConnectionString"] = database);
            second.Scenario.Answer = new FakeAnswer("A new process's answer nobody should see.");
            using HttpClient again = second.Gateway.CreateClient();

            var (plain, plainBody) = await ChatAsync(again, OpenAIBody("Remember me."));
            var (streamed, streamedBody) = await ChatAsync(again, OpenAIBody("Remember me too."));

            Header(plain, "x-purser-cache").ShouldBe("hit");
            Text(plainBody).ShouldBe("Answered before the restart.");
            Header(streamed, "x-purser-cache").ShouldBe("hit");
            Text(streamedBody).ShouldBe("Answered before the restart.");
            second.Upstream.CallCount.ShouldBe(0);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task MemoryFront_StaysUnderItsByteBound_AndEvictedEntriesStillHitFromTheDatabase()
    {
        const long Bound = 2000;
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c => c["Purser:Cache:MemoryBytes"] = Bound.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using HttpClient http = h.Gateway.CreateAdminClient();
        ResponseCache cache = h.Gateway.Services.GetRequiredService<ResponseCache>();
        for (int i = 0; i < 8; i++)
        {
            h.Scenario.Answer = new FakeAnswer($"Answer number {i}, padded so that only a few fit in memory: " + new string('x', 300));
            await ChatAsync(http, OpenAIBody($"Question {i}"));
            cache.Memory.Bytes.ShouldBeLessThanOrEqualTo(Bound);
        }

        cache.Memory.Count.ShouldBeLessThan(8);
        cache.Memory.Evictions.ShouldBeGreaterThan(0);
        cache.IndexedKeys.ShouldBe(8);

        var (oldest, body) = await ChatAsync(http, OpenAIBody("Question 0"));

        Header(oldest, "x-purser-cache").ShouldBe("hit");
        Text(body).ShouldStartWith("Answer number 0,");
        h.Upstream.CallCount.ShouldBe(8);
        JsonNode stats = JsonNode.Parse(await http.GetStringAsync("/api/cache/stats"))!;
        stats["memory"]!["bytes"]!.GetValue<long>().ShouldBeLessThanOrEqualTo(Bound);
        stats["totals"]!["entries"]!.GetValue<long>().ShouldBe(8);
    }

    [Fact]
    public async Task HitWithTheDatabaseOnly_AfterAProcessForgotItsMemory()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c => c["Purser:Cache:MemoryBytes"] = "0");
        using HttpClient http = h.Gateway.CreateClient();

        await ChatAsync(http, OpenAIBody("No memory front."));
        var (again, _) = await ChatAsync(http, OpenAIBody("No memory front."));

        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        Header(again, "x-purser-cache").ShouldBe("hit");
    }
}
