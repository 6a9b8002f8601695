using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;
using Purser.Storage.Sqlite;
using Xunit.Abstractions;

namespace Purser.FunctionalTests.Reliability;

/// <summary>
/// The audit's storage cases through the real gateway: a full disk (simulated deterministically and without
/// privileges by capping the SQLite file, Purser:Database:MaxSizeMegabytes, which fails writes with SQLITE_FULL as a
/// full disk does) and the database file deleted under the running gateway. Calls get a clear 503 in their protocol
/// instead of hanging or succeeding unrecorded, /health/ready says not ready, and no row is lost or counted twice.
/// </summary>
public sealed class StorageFaultTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "purser-storage-" + Guid.NewGuid().ToString("N"));

    private const string MasterKey = "storage-fault-master-key";

    private string Database => Path.Combine(_folder, "purser.db");

    private Task<GatewayHarness> StartAsync(string durability, double? maxSizeMegabytes = null, double probeSeconds = 0.2, int? lockTimeoutSeconds = null) =>
        GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c =>
        {
            if (lockTimeoutSeconds is int lockTimeout)
            {
                c["Purser:Database:LockTimeoutSeconds"] = lockTimeout.ToString(CultureInfo.InvariantCulture);
            }

            c["Purser:Database:ConnectionString"] = Database;
            c["Purser:Ledger:Durability"] = durability;
            c["Purser:Ledger:ProbeIntervalSeconds"] = probeSeconds.ToString(CultureInfo.InvariantCulture);
            c["Purser:Cache:Enabled"] = "false";
            c["Purser:Auth:MasterKey"] = MasterKey;
            c["Purser:Pricing:up/fake-model:Input"] = "5";
            c["Purser:Pricing:up/fake-model:Output"] = "15";
            if (maxSizeMegabytes is double max)
            {
                c["Purser:Database:MaxSizeMegabytes"] = max.ToString(CultureInfo.InvariantCulture);
            }
        });

    private static async Task<(HttpResponseMessage Response, string Body)> CallAsync(HttpClient http, string path, int n, bool stream = false, int boundSeconds = 30)
    {
        string json = path == "/v1/messages"
            ? $$"""{"model":"fake-model","max_tokens":50,"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"call {{n}}"}]}"""
            : $$"""{"model":"fake-model","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"call {{n}}"}]}""";
        HttpResponseMessage response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json")).WaitAsync(TimeSpan.FromSeconds(boundSeconds));
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The error of a stream that ended with its protocol's error event (OpenAI: a data object with "error"; Anthropic: event "error").</summary>
    private static JsonNode? LastEventError(string body)
    {
        List<Sse.Event> events = Sse.Parse(body);
        JsonNode? last = events.LastOrDefault(e => e.Data.StartsWith('{')) is { } e ? JsonNode.Parse(e.Data) : null;
        return last?["error"] is not null && !events.Any(x => x.Data == "[DONE]" || x.Name == "message_stop") ? last : null;
    }

    private static async Task<JsonNode> ReadyAsync(HttpClient http)
    {
        using HttpResponseMessage ready = await http.GetAsync("/health/ready");
        JsonNode body = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
        body["http_status"] = (int)ready.StatusCode;
        return body;
    }

    [Theory]
    [InlineData("/v1/chat/completions", false)]
    [InlineData("/v1/messages", false)]
    [InlineData("/v1/chat/completions", true)]
    [InlineData("/v1/messages", true)]
    public async Task DiskFull_Strict_A503InTheProtocolNotAHang_NotReady_ThenEveryRowOnceAfterRoomComesBack(string path, bool stream)
    {
        new SqliteDatabase(Database).Dispose(); // the schema, then no room to grow: a full disk
        var acknowledged = new List<string>();
        string? refusedAfterSpend = null;
        int upstreamCalls;
        int recordedBeforeFull;
        await using (GatewayHarness h = await StartAsync("strict", maxSizeMegabytes: 0.001))
        {
            using HttpClient http = h.Gateway.CreateClient();
            DateTime started = DateTime.UtcNow;
            for (int n = 0; n < 500 && refusedAfterSpend is null; n++)
            {
                var (response, body) = await CallAsync(http, path, n, stream);
                string id = response.Headers.GetValues("x-purser-request-id").Single();
                JsonNode? streamError = stream ? LastEventError(body) : null;
                if (response.StatusCode == HttpStatusCode.OK && streamError is null)
                {
                    acknowledged.Add(id);
                    continue;
                }

                // The call was made (and paid); its row could not be committed: a clear 503 at once, or for a stream
                // its protocol's error event in place of its end.
                JsonNode error;
                if (stream)
                {
                    response.StatusCode.ShouldBe(HttpStatusCode.OK);
                    error = streamError!;
                }
                else
                {
                    response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, body);
                    response.Headers.RetryAfter!.Delta!.Value.ShouldBeGreaterThan(TimeSpan.Zero);
                    error = JsonNode.Parse(body)!;
                }

                if (path == "/v1/messages")
                {
                    error["error"]!["type"]!.GetValue<string>().ShouldBe("overloaded_error");
                }
                else
                {
                    error["error"]!["code"]!.GetValue<string>().ShouldBe("ledger_unavailable");
                }

                error["error"]!["message"]!.GetValue<string>().ShouldContain("full");
                refusedAfterSpend = id;
            }

            recordedBeforeFull = acknowledged.Count;
            output.WriteLine($"disk full after {acknowledged.Count} recorded calls, 503 in {(DateTime.UtcNow - started).TotalSeconds:F1} s in all");
            refusedAfterSpend.ShouldNotBeNull("the capped database never filled");
            JsonNode ready = await ReadyAsync(http);
            ready["http_status"]!.GetValue<int>().ShouldBe(503);
            ready["ledger"]!["state"]!.GetValue<string>().ShouldBe("failing");
            ready["ledger"]!["accepts_calls"]!.GetValue<bool>().ShouldBeFalse();

            // Later calls are refused before anything is spent.
            upstreamCalls = h.Upstream.CallCount;
            var (next, _) = await CallAsync(http, path, 9999);
            next.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            h.Upstream.CallCount.ShouldBe(upstreamCalls);
        }

        // Room again (here: the cap lifted at restart): rows set aside go in before the first call.
        await using (GatewayHarness again = await StartAsync("strict"))
        {
            using HttpClient http = again.Gateway.CreateClient();
            (await ReadyAsync(http))["http_status"]!.GetValue<int>().ShouldBe(200);
            var (after, _) = await CallAsync(http, path, 10_000, stream);
            after.StatusCode.ShouldBe(HttpStatusCode.OK);
            acknowledged.Add(after.Headers.GetValues("x-purser-request-id").Single());
        }

        var rows = LedgerDb.Rows(_folder, "SELECT request_id, status, outcome, cost_pico FROM ledger");
        rows.Select(r => (string)r["request_id"]!).Order(StringComparer.Ordinal)
            .ShouldBe(acknowledged.Append(refusedAfterSpend!).Order(StringComparer.Ordinal)); // every call that reached the upstream, once
        Dictionary<string, object?> refused = rows.Single(r => (string)r["request_id"]! == refusedAfterSpend);
        refused["status"].ShouldBe(503L); // what the caller got
        refused["outcome"].ShouldBe("unavailable");
        ((long)refused["cost_pico"]!).ShouldBeGreaterThan(0); // and what it cost
        Directory.GetFiles(Path.Combine(_folder, "ledger-spool")).ShouldBeEmpty();
        upstreamCalls.ShouldBe(recordedBeforeFull + 1); // nothing reached the upstream after the ledger was known to fail
    }

    [Fact]
    public async Task DiskFull_Fast_CallsGoOnWhileRowsAreSpooled_NotReady_ThenEveryRowOnce()
    {
        new SqliteDatabase(Database).Dispose();
        var acknowledged = new List<string>();
        await using (GatewayHarness h = await StartAsync("fast", maxSizeMegabytes: 0.001))
        {
            using HttpClient http = h.Gateway.CreateClient();
            for (int n = 0; n < 500; n++)
            {
                var (response, body) = await CallAsync(http, "/v1/chat/completions", n);
                response.StatusCode.ShouldBe(HttpStatusCode.OK, body); // fast: the spool keeps the rows on disk
                acknowledged.Add(response.Headers.GetValues("x-purser-request-id").Single());
                if (n % 20 == 19 && (await ReadyAsync(http))["http_status"]!.GetValue<int>() == 503)
                {
                    break;
                }
            }

            // Fast durability answers before the row is written: the writer meets the full disk on its own time, after
            // its bounded retries, which on a quick machine is after all the calls above were answered. Wait for it (bounded).
            JsonNode ready = await ReadyAsync(http);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (ready["http_status"]!.GetValue<int>() != 503 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
                ready = await ReadyAsync(http);
            }

            output.WriteLine($"fast durability, disk full: {acknowledged.Count} calls answered, {ready["ledger"]!["set_aside_rows"]} rows spooled");
            ready["http_status"]!.GetValue<int>().ShouldBe(503);
            ready["ledger"]!["accepts_calls"]!.GetValue<bool>().ShouldBeTrue();
            ready["ledger"]!["set_aside_rows"]!.GetValue<long>().ShouldBeGreaterThan(0);
            for (int n = 0; n < 10; n++)
            {
                var (response, _) = await CallAsync(http, "/v1/chat/completions", 1000 + n);
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
                acknowledged.Add(response.Headers.GetValues("x-purser-request-id").Single());
            }
        }

        await using (GatewayHarness again = await StartAsync("fast"))
        {
            using HttpClient http = again.Gateway.CreateClient();
            (await ReadyAsync(http))["http_status"]!.GetValue<int>().ShouldBe(200);
        }

        LedgerDb.Rows(_folder, "SELECT request_id FROM ledger").Select(r => (string)r["request_id"]!).Order(StringComparer.Ordinal)
            .ShouldBe(acknowledged.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/v1/chat/completions")]
    [InlineData("/v1/messages")]
    public async Task DatabaseLockedByAnotherProcess_Strict_A503WithinABoundNotAHang_NotReady_ThenEveryRowOnceWhenTheLockGoes(string path)
    {
        var acknowledged = new List<string>();
        string refusedAfterSpend;
        await using (GatewayHarness h = await StartAsync("strict", lockTimeoutSeconds: 1))
        {
            using HttpClient http = h.Gateway.CreateClient();
            for (int n = 0; n < 3; n++)
            {
                var (ok, _) = await CallAsync(http, path, n);
                ok.StatusCode.ShouldBe(HttpStatusCode.OK);
                acknowledged.Add(ok.Headers.GetValues("x-purser-request-id").Single());
            }

            // Another writer holds the database (a backup, a shell, another instance): here a connection of the test's.
            using (var holder = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Database};Pooling=False"))
            {
                holder.Open();
                using (Microsoft.Data.Sqlite.SqliteCommand exclusive = holder.CreateCommand())
                {
                    exclusive.CommandText = "BEGIN EXCLUSIVE;";
                    exclusive.ExecuteNonQuery();
                }

                // Its row cannot be committed: a 503 in the protocol within a few lock timeouts, not a wait for the lock.
                DateTime started = DateTime.UtcNow;
                var (response, body) = await CallAsync(http, path, 3, boundSeconds: 20);
                output.WriteLine($"database locked: 503 after {(DateTime.UtcNow - started).TotalSeconds:F1} s (lock timeout 1 s, 3 attempts)");
                response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, body);
                response.Headers.RetryAfter!.Delta!.Value.ShouldBeGreaterThan(TimeSpan.Zero);
                JsonNode error = JsonNode.Parse(body)!;
                if (path == "/v1/messages")
                {
                    error["type"]!.GetValue<string>().ShouldBe("error");
                    error["error"]!["type"]!.GetValue<string>().ShouldBe("overloaded_error");
                }
                else
                {
                    error["error"]!["code"]!.GetValue<string>().ShouldBe("ledger_unavailable");
                }

                error["error"]!["message"]!.GetValue<string>().ShouldContain("locked");
                refusedAfterSpend = response.Headers.GetValues("x-purser-request-id").Single();

                JsonNode ready = await ReadyAsync(http);
                ready["http_status"]!.GetValue<int>().ShouldBe(503);
                ready["ledger"]!["state"]!.GetValue<string>().ShouldBe("failing");

                // While it fails, calls are refused before anything is spent.
                int upstreamCalls = h.Upstream.CallCount;
                var (next, _) = await CallAsync(http, path, 4, boundSeconds: 20);
                next.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
                h.Upstream.CallCount.ShouldBe(upstreamCalls);
            } // the lock goes

            // The probe writes the row set aside and the ledger is healthy again, without a restart.
            await WaitForAsync(http, r => r["http_status"]!.GetValue<int>() == 200);
            var (after, _) = await CallAsync(http, path, 5);
            after.StatusCode.ShouldBe(HttpStatusCode.OK);
            acknowledged.Add(after.Headers.GetValues("x-purser-request-id").Single());
        }

        var rows = LedgerDb.Rows(_folder, "SELECT request_id, status, cost_pico FROM ledger");
        rows.Select(r => (string)r["request_id"]!).Order(StringComparer.Ordinal)
            .ShouldBe(acknowledged.Append(refusedAfterSpend).Order(StringComparer.Ordinal));
        Dictionary<string, object?> refused = rows.Single(r => (string)r["request_id"]! == refusedAfterSpend);
        refused["status"].ShouldBe(503L);
        ((long)refused["cost_pico"]!).ShouldBeGreaterThan(0);
        Directory.GetFiles(Path.Combine(_folder, "ledger-spool")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("strict")]
    [InlineData("fast")]
    public async Task DatabaseDeletedUnderTheGateway_NextRowIsSetAsideNotLost_CallsAreRefused_AndNoEmptyDatabaseAppears(string durability)
    {
        var acknowledged = new List<string>();
        string inFlight;
        HttpStatusCode inFlightStatus;
        // A long probe interval: the write path itself must notice (the file is checked before every batch).
        await using (GatewayHarness h = await StartAsync(durability, probeSeconds: 60))
        {
            using HttpClient http = h.Gateway.CreateClient();
            for (int n = 0; n < 5; n++)
            {
                var (ok, _) = await CallAsync(http, "/v1/chat/completions", n);
                ok.StatusCode.ShouldBe(HttpStatusCode.OK);
                acknowledged.Add(ok.Headers.GetValues("x-purser-request-id").Single());
            }

            // Fast durability answers before the row is written: the five rows must be in the file before it goes, or
            // a late one is set aside with the sixth and the count after the restart is off (bounded wait, 10 s).
            var written = Stopwatch.StartNew();
            while (LedgerDb.Rows(_folder, "SELECT request_id FROM ledger").Count < acknowledged.Count)
            {
                written.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), "the five rows were never written");
                await Task.Delay(20);
            }

            Directory.Delete(_folder, recursive: true); // the data folder removed while the gateway runs

            var (response, body) = await CallAsync(http, "/v1/chat/completions", 5);
            inFlight = response.Headers.GetValues("x-purser-request-id").Single();
            inFlightStatus = response.StatusCode;
            if (durability == "strict")
            {
                response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable); // its row could not be committed
                JsonNode.Parse(body)!["error"]!["message"]!.GetValue<string>().ShouldContain("deleted");
            }
            else
            {
                response.StatusCode.ShouldBe(HttpStatusCode.OK); // fast: answered before its row was written, which is kept aside
            }

            JsonNode ready = await WaitForAsync(http, r => r["http_status"]!.GetValue<int>() == 503); // fast: once its batch was tried
            ready["ledger"]!["state"]!.GetValue<string>().ShouldBe("lost");
            int calls = h.Upstream.CallCount;
            var (refused, refusal) = await CallAsync(http, "/v1/chat/completions", 6);
            refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            JsonNode.Parse(refusal)!["error"]!["message"]!.GetValue<string>().ShouldContain("Restart Purser");
            h.Upstream.CallCount.ShouldBe(calls);

            // Reports do not read a database that is not the one opened: a clear 503, not a 500.
            using var costsRequest = new HttpRequestMessage(HttpMethod.Get, "/api/costs");
            costsRequest.Headers.Add("x-purser-master-key", MasterKey);
            using HttpResponseMessage costs = await http.SendAsync(costsRequest);
            costs.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            File.Exists(Database).ShouldBeFalse(); // no empty database was created in its place
        }

        // After a restart the database starts afresh (its history went with the file), with the row set aside.
        await using (GatewayHarness again = await StartAsync(durability))
        {
            using HttpClient http = again.Gateway.CreateClient();
            (await ReadyAsync(http))["http_status"]!.GetValue<int>().ShouldBe(200);
        }

        Dictionary<string, object?> row = LedgerDb.Rows(_folder, "SELECT request_id, status FROM ledger").Single();
        row["request_id"].ShouldBe(inFlight);
        row["status"].ShouldBe((long)(int)inFlightStatus);
    }

    [Fact]
    public async Task DatabaseDeleted_NoTraffic_TheProbeNoticesWithinASecond()
    {
        await using GatewayHarness h = await StartAsync("strict", probeSeconds: 0.2);
        using HttpClient http = h.Gateway.CreateClient();
        (await ReadyAsync(http))["http_status"]!.GetValue<int>().ShouldBe(200);
        DateTime deleted = DateTime.UtcNow;

        File.Delete(Database);

        JsonNode ready = await WaitForAsync(http, r => r["http_status"]!.GetValue<int>() == 503);

        output.WriteLine($"deletion noticed in {(DateTime.UtcNow - deleted).TotalMilliseconds:F0} ms with no traffic");
        ready["ledger"]!["problem"]!.GetValue<string>().ShouldContain("deleted");
    }

    private static async Task<JsonNode> WaitForAsync(HttpClient http, Func<JsonNode, bool> condition)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        JsonNode ready = await ReadyAsync(http);
        while (!condition(ready))
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "/health/ready did not change within 10 s");
            await Task.Delay(50);
            ready = await ReadyAsync(http);
        }

        return ready;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
