using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Purser.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace Purser.FunctionalTests.Money;

/// <summary>kill -9 under load: the database must reopen consistent and hold every acknowledged call.</summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private const string Config = """
        {"Purser":{"Providers":{"sim":{"Kind":"simulated","Models":["m"],"Simulated":{"ReplyTokens":8,"PriceAs":"openai/gpt-4o-mini"}}},
          "Ledger":{"Durability":"strict"}}}
        """;

    [Fact]
    public async Task KillNineUnderLoad_StrictDurability_LosesNoAcknowledgedRowAndRestarts()
    {
        string home = Path.Combine(Path.GetTempPath(), "purser-crash-" + Guid.NewGuid().ToString("N"));
        var acknowledged = new ConcurrentBag<string>();
        await using (GatewayProcess gateway = await GatewayProcess.StartAsync(home, Config))
        {
            using var http = new HttpClient { BaseAddress = new Uri(gateway.Url), Timeout = TimeSpan.FromSeconds(30) };
            using var stop = new CancellationTokenSource();
            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Task[] workers = [.. Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
            {
                for (int i = 0; i < 2000 && !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        using HttpResponseMessage r = await http.PostAsync("/v1/chat/completions", new StringContent("""{"model":"sim/m","messages":[{"role":"user","content":"load"}]}""", Encoding.UTF8, "application/json"), stop.Token);
                        await r.Content.ReadAsByteArrayAsync(stop.Token);
                        if (r.StatusCode == HttpStatusCode.OK)
                        {
                            acknowledged.Add(r.Headers.GetValues("x-purser-request-id").Single());
                            if (acknowledged.Count >= 400)
                            {
                                enough.TrySetResult();
                            }
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
                    {
                        return; // the server died under us: expected
                    }
                }
            }))];

            await enough.Task.WaitAsync(TimeSpan.FromSeconds(120));
            await gateway.KillHardAsync(); // mid-load, no shutdown
            await stop.CancelAsync();
            await Task.WhenAll(workers);
        }

        LedgerDb.Scalar(home, "PRAGMA integrity_check").ShouldBe("ok");
        var recorded = LedgerDb.Rows(home, "SELECT request_id FROM ledger").Select(r => (string)r["request_id"]!).ToHashSet();
        output.WriteLine($"kill -9 under 16 concurrent callers: {acknowledged.Count} calls acknowledged, {recorded.Count} rows in the ledger, " +
            $"{acknowledged.Count(id => !recorded.Contains(id))} acknowledged rows lost");
        acknowledged.Count.ShouldBeGreaterThanOrEqualTo(400);
        acknowledged.Where(id => !recorded.Contains(id)).ShouldBeEmpty();

        // The same data folder serves again, and new calls land next to the old ones.
        await using (GatewayProcess again = await GatewayProcess.StartAsync(home, Config))
        {
            using var http = new HttpClient { BaseAddress = new Uri(again.Url) };
            using HttpResponseMessage r = await http.PostAsync("/v1/chat/completions", new StringContent("""{"model":"sim/m","messages":[{"role":"user","content":"after"}]}""", Encoding.UTF8, "application/json"));
            r.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        ((long)LedgerDb.Scalar(home, "SELECT COUNT(*) FROM ledger")!).ShouldBe(recorded.Count + 1);
        Directory.Delete(home, recursive: true);
    }
}
