using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Purser.Bench.Hosting;
using Purser.Bench.Load;
using Purser.Bench.Measurement;
using Purser.Bench.Report;

namespace Purser.Bench;

/// <summary>
/// One benchmark run: start the fake upstream and the gateways as separate processes on 127.0.0.1, check that each
/// target answers the fixed request correctly, then for each concurrency level warm every target up and run
/// interleaved rounds (direct, purser, portkey, then the reverse order, …), and write the report.
/// </summary>
internal sealed partial class BenchRun(BenchOptions options, TextWriter console)
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(250);

    private readonly List<ChildProcess> _children = [];
    private readonly Dictionary<ChildProcess, int> _ports = [];

    /// <summary>Answers with a 2xx status per target name, probes and warm-up included.</summary>
    private readonly Dictionary<string, long> _served = new(StringComparer.Ordinal);

    /// <summary>Per target name, the connections of every load run: calls that may have been in flight when wrk stopped.</summary>
    private readonly Dictionary<string, long> _inFlight = new(StringComparer.Ordinal);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        TimeProvider time = TimeProvider.System;
        DateTimeOffset started = time.GetUtcNow();
        string runDirectory = Path.Combine(options.ResultsRoot, started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(runDirectory);
        console.WriteLine($"Results and logs: {runDirectory}");

        // Long enough for a gateway's first call on a busy machine (JIT, and on PostgreSQL a budget counter to create).
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            ChildProcess upstream = await StartUpstreamAsync(http, runDirectory, cancellationToken);
            var targets = new List<Target>
            {
                new(Target.Direct, new Uri($"{UpstreamBase(upstream)}/chat/completions"), new Dictionary<string, string>(), upstream),
            };
            if (options.Floor)
            {
                ChildProcess floor = await StartFloorAsync(http, runDirectory, upstream, cancellationToken);
                targets.Add(new Target(Target.Floor, new Uri($"http://127.0.0.1:{_ports[floor]}/v1/chat/completions"), new Dictionary<string, string>(), floor));
            }

            string? portkeyVersion = null;
            if (options.Storage.Count > 0)
            {
                targets.AddRange(await StartStorageTargetsAsync(http, runDirectory, upstream, cancellationToken));
            }
            else
            {
                ChildProcess purser = await StartPurserAsync(http, runDirectory, UpstreamBase(upstream), cancellationToken);
                // no-store: every call looks the cache up (key hash, index) and misses, so the upstream is called each time;
                // without it every request after the first would be a cache hit and the benchmark would measure the cache.
                var purserHeaders = new Dictionary<string, string> { ["Cache-Control"] = "no-store" };
                targets.Add(new Target(Target.Purser, new Uri($"http://127.0.0.1:{_ports[purser]}/v1/chat/completions"), purserHeaders, purser));
                if (options.RateLimits)
                {
                    // The same gateway through several virtual keys, interleaved like every target: one without limits,
                    // one with requests per minute and per day, one with requests and tokens per minute and per day (all
                    // far above what the run sends, so nothing is refused and the difference is the limiter's bookkeeping
                    // alone), and a second key without limits last, an A/A control for the keys' positions in a round.
                    foreach (var (name, limits) in Target.RateLimitKeys.Prepend((Target.PurserKey, "")))
                    {
                        string key = await CreateKeyAsync(http, _ports[purser], $$"""{"name":"{{name}}"{{limits}}}""", cancellationToken);
                        var keyHeaders = new Dictionary<string, string>(purserHeaders) { ["Authorization"] = "Bearer " + key };
                        targets.Add(new Target(name, new Uri($"http://127.0.0.1:{_ports[purser]}/v1/chat/completions"), keyHeaders, purser));
                    }
                }

                if (options.Portkey)
                {
                    ChildProcess portkey = await StartPortkeyAsync(http, runDirectory, cancellationToken);
                    portkeyVersion = PortkeyVersion();
                    targets.Add(new Target(
                        Target.Portkey,
                        new Uri($"http://127.0.0.1:{_ports[portkey]}/v1/chat/completions"),
                        new Dictionary<string, string>
                        {
                            ["x-portkey-provider"] = "openai",
                            ["x-portkey-custom-host"] = UpstreamBase(upstream),
                        },
                        portkey));
                }
            }

            foreach (Target instance in targets.SelectMany(t => t.Instances))
            {
                await ProbeAsync(http, instance, runDirectory, cancellationToken);
            }

            var info = new RunInfo
            {
                StartedAt = started,
                Mode = options.Quick ? "quick" : "full",
                Rounds = options.Rounds,
                DurationSeconds = (int)options.Duration.TotalSeconds,
                WarmupSeconds = (int)options.Warmup.TotalSeconds,
                Concurrency = options.Concurrency,
                Cores = Environment.ProcessorCount,
                CpuModel = ProcFs.CpuModel(),
                LoadAverageBefore = ProcFs.LoadAverage(),
                Commit = Commit(),
                Runtime = $".NET {Environment.Version}",
                Wrk = Version(WrkRunner.Executable, "-v").Split('\n')[0].Split(" Copyright", 2)[0].Trim(),
                Node = options.Portkey ? Version("node", "--version").Trim().TrimStart('v') : null,
                Portkey = portkeyVersion,
                PortkeySkippedBecause = options.PortkeySkippedBecause,
            };

            await using var memory = new MemorySampler();
            var idle = new Dictionary<string, long?>(StringComparer.Ordinal);
            foreach (Target gateway in targets.Where(t => t.IsGateway))
            {
                memory.Watch(gateway.Name, gateway.Server.Id);
                idle[gateway.Name] = ProcFs.StatusKb(gateway.Server.Id, "VmRSS");
            }

            List<RoundRecord> records = await MeasureAsync(targets, upstream, memory, runDirectory, cancellationToken);
            info.LoadAverageAfter = ProcFs.LoadAverage();
            var memoryFigures = targets.Where(t => t.IsGateway)
                .Select(t => new MemoryFigures(t.Name, idle[t.Name], memory.PeakUnderLoadKb(t.Name), ProcFs.StatusKb(t.Server.Id, "VmHWM")))
                .ToList();

            if (options.Storage.Count > 0)
            {
                IReadOnlyList<LedgerCheck> checks = await CheckLedgersAsync(cancellationToken);
                string? database = _databases is null ? null : await _databases.DescribeAsync(cancellationToken);
                string report = StorageSummaryWriter.Markdown(info, options, records, memoryFigures, checks, database);
                await File.WriteAllTextAsync(Path.Combine(runDirectory, "summary.md"), report, cancellationToken);
                await File.WriteAllTextAsync(Path.Combine(runDirectory, "rounds.csv"), SummaryWriter.Csv(records, info.Cores), cancellationToken);
                console.WriteLine();
                console.WriteLine(report);
                console.WriteLine($"Written: {Path.Combine(runDirectory, "summary.md")} and rounds.csv");
                return checks.All(c => c.Passed) ? 0 : 1;
            }

            string summary = SummaryWriter.Markdown(info, records, memoryFigures);
            foreach (Scenario scenario in options.Scenarios)
            {
                summary += await RunScenarioAsync(http, scenario, targets, upstream, runDirectory, info.Cores, cancellationToken);
            }

            await File.WriteAllTextAsync(Path.Combine(runDirectory, "summary.md"), summary, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(runDirectory, "rounds.csv"), SummaryWriter.Csv(records, info.Cores), cancellationToken);
            console.WriteLine();
            console.WriteLine(summary);
            console.WriteLine($"Written: {Path.Combine(runDirectory, "summary.md")} and rounds.csv");
            return 0;
        }
        finally
        {
            for (int i = _children.Count - 1; i >= 0; i--)
            {
                _children[i].Dispose();
            }

            if (_databases is not null)
            {
                await _databases.DisposeAsync();
            }
        }
    }

    private async Task<List<RoundRecord>> MeasureAsync(List<Target> targets, ChildProcess upstream, MemorySampler memory, string runDirectory, CancellationToken cancellationToken)
    {
        var wrk = new WrkRunner(runDirectory);
        var records = new List<RoundRecord>();
        int[] pids = [.. _children.Select(c => c.Id)];
        var total = Stopwatch.StartNew();
        foreach (int connections in options.Concurrency)
        {
            // A target spread over N instances needs at least N connections (one wrk thread per instance).
            List<Target> level = [.. targets.Where(t => t.Threads <= connections)];
            if (options.Warmup > TimeSpan.Zero)
            {
                console.WriteLine($"[{total.Elapsed:mm\\:ss}] {connections} connection(s): warming up {string.Join(", ", level.Select(t => t.Name))} ({options.Warmup.TotalSeconds:0} s each)");
                foreach (Target target in level)
                {
                    Count(target, await wrk.RunAsync(target, connections, options.Warmup, cancellationToken), connections);
                }
            }

            for (int round = 1; round <= options.Rounds; round++)
            {
                IEnumerable<Target> order = round % 2 == 1 ? level : Enumerable.Reverse(level);
                var line = new StringBuilder().Append(CultureInfo.InvariantCulture, $"[{total.Elapsed:mm\\:ss}] {connections} connection(s), round {round}/{options.Rounds}:");
                int position = 0;
                foreach (Target target in order)
                {
                    await Task.Delay(Settle, cancellationToken);
                    CpuSnapshot before = CpuSnapshot.Take(pids);
                    long switchesBefore = ContextSwitches.Voluntary(target.Server.Id);
                    memory.SetActive(target.IsGateway ? target.Name : null);
                    WrkResult result;
                    try
                    {
                        result = await wrk.RunAsync(target, connections, options.Duration, cancellationToken);
                    }
                    finally
                    {
                        memory.SetActive(null);
                    }

                    Count(target, result, connections);
                    CpuUsage cpu = CpuSnapshot.Take(pids).Since(before);
                    var record = new RoundRecord(
                        connections, round, ++position, target.Name, result, cpu.WallSeconds,
                        target.Instances.Sum(t => cpu.Of(t.Server.Id)), cpu.Of(upstream.Id), cpu.LoadGeneratorSeconds, cpu.ForeignSeconds)
                    {
                        ServerVoluntarySwitches = ContextSwitches.Voluntary(target.Server.Id) - switchesBefore,
                    };
                    records.Add(record);
                    line.Append(CultureInfo.InvariantCulture, $"  {target.Name} {result.RequestsPerSecond:0} req/s p50 {result.P50Us / 1000.0:0.000} ms p99 {result.P99Us / 1000.0:0.000} ms");
                    if (result.Errors > 0)
                    {
                        line.Append(CultureInfo.InvariantCulture, $" ({result.Errors} ERRORS)");
                    }
                }

                console.WriteLine(line);
            }
        }

        return records;
    }

    /// <summary>Adds a load run's successful answers to its target's count (checked against the ledger by --storage).</summary>
    private void Count(Target target, WrkResult result, int connections)
    {
        _served[target.Name] = _served.GetValueOrDefault(target.Name) + result.Requests - result.StatusErrors;
        _inFlight[target.Name] = _inFlight.GetValueOrDefault(target.Name) + connections;
    }

    private async Task<ChildProcess> StartUpstreamAsync(HttpClient http, string runDirectory, CancellationToken cancellationToken)
    {
        int port = LoopbackPorts.Free();
        ChildProcess upstream = Start("upstream", options.UpstreamExecutable, [port.ToString(CultureInfo.InvariantCulture)], CleanEnvironment(), runDirectory, port);
        await Readiness.WaitAsync(http, upstream, new Uri($"http://127.0.0.1:{port}/health"), cancellationToken);
        console.WriteLine($"fake upstream: pid {upstream.Id}, {UpstreamBase(upstream)}");
        return upstream;
    }

    private async Task<ChildProcess> StartFloorAsync(HttpClient http, string runDirectory, ChildProcess upstream, CancellationToken cancellationToken)
    {
        int port = LoopbackPorts.Free();
        string[] arguments = [port.ToString(CultureInfo.InvariantCulture), "--forward", $"http://127.0.0.1:{_ports[upstream]}"];
        ChildProcess floor = Start("floor", options.UpstreamExecutable, arguments, CleanEnvironment(), runDirectory, port);
        await Readiness.WaitAsync(http, floor, new Uri($"http://127.0.0.1:{port}/health"), cancellationToken);
        console.WriteLine($"floor (bare pass-through proxy): pid {floor.Id}, http://127.0.0.1:{port}");
        return floor;
    }

    private async Task<ChildProcess> StartPurserAsync(HttpClient http, string runDirectory, string upstreamBase, CancellationToken cancellationToken, string name = "purser", bool hardBudget = false, string? postgres = null)
    {
        int port = LoopbackPorts.Free();
        string home = Path.Combine(runDirectory, name + "-home");
        Directory.CreateDirectory(home);
        string config = Path.Combine(runDirectory, name + ".json");
        var purserSection = new Dictionary<string, object>
            {
                // Named "openai" so that the model's catalog price (openai/gpt-4o-mini) applies once pricing runs in the gateway.
                ["Providers"] = new Dictionary<string, object>
                {
                    ["openai"] = new Dictionary<string, object>
                    {
                        ["Kind"] = "openai",
                        ["BaseUrl"] = upstreamBase,
                        ["ApiKey"] = BenchRequest.FakeApiKey,
                        ["Models"] = new[] { BenchRequest.Model },
                    },
                },
            };
        if (hardBudget)
        {
            // A global hard budget far above what the run spends: every call reserves its worst case and reconciles.
            purserSection["Budgets"] = new Dictionary<string, object>
            {
                ["Items"] = new Dictionary<string, object>
                {
                    [BenchBudget] = new Dictionary<string, object> { ["Limit"] = BenchBudgetUsd.ToString(CultureInfo.InvariantCulture), ["Window"] = "monthly", ["Mode"] = "hard" },
                },
            };
        }

        if (postgres is not null)
        {
            // Everything this gateway stores (ledger, budget counters and holds, keys, cache) goes to PostgreSQL.
            purserSection["Database"] = new Dictionary<string, object> { ["Provider"] = "postgres", ["ConnectionString"] = postgres };
        }

        if (options.RateLimits)
        {
            // A master key, so that the run can create the virtual keys of --rate-limits; calls without a key still pass.
            purserSection["Auth"] = new Dictionary<string, object> { ["MasterKey"] = BenchMasterKey };
        }

        var document = new Dictionary<string, object> { ["Purser"] = purserSection };
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(document, BenchJsonContext.Default.DictionaryStringObject), cancellationToken);
        Dictionary<string, string?> environment = CleanEnvironment();
        environment["PURSER_HOME"] = home;
        ChildProcess purser = Start(name, options.PurserExecutable, ["serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--config", config], environment, runDirectory, port);
        await Readiness.WaitAsync(http, purser, new Uri($"http://127.0.0.1:{port}/health"), cancellationToken);
        console.WriteLine($"{name} gateway: pid {purser.Id}, http://127.0.0.1:{port} (config {config})");
        return purser;
    }

    /// <summary>The global hard budget of the budget scenario and of --storage's budget targets: far above what a run spends.</summary>
    private const string BenchBudget = "bench";

    private const decimal BenchBudgetUsd = 1_000_000m;

    /// <summary>The admin key of the benchmark's gateway under --rate-limits (loopback only, for the run's lifetime).</summary>
    private const string BenchMasterKey = "bench-master-key-loopback-only";

    /// <summary>Creates a virtual key through the admin API and returns it.</summary>
    private static async Task<string> CreateKeyAsync(HttpClient http, int port, string json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/api/keys") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BenchMasterKey);
        using HttpResponseMessage response = await http.SendAsync(request, cancellationToken);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Creating a virtual key failed ({(int)response.StatusCode}): {body}");
        }

        using JsonDocument created = JsonDocument.Parse(body);
        return created.RootElement.GetProperty("key").GetString() ?? throw new InvalidOperationException("The created key has no 'key'.");
    }

    private async Task<ChildProcess> StartPortkeyAsync(HttpClient http, string runDirectory, CancellationToken cancellationToken)
    {
        int port = LoopbackPorts.Free();
        Dictionary<string, string?> environment = CleanEnvironment();
        environment["NODE_ENV"] = "production";
        ChildProcess portkey = Start("portkey", "node", [options.PortkeyWrapper, port.ToString(CultureInfo.InvariantCulture)], environment, runDirectory, port);
        await Readiness.WaitAsync(http, portkey, new Uri($"http://127.0.0.1:{port}/"), cancellationToken);
        console.WriteLine($"portkey gateway: pid {portkey.Id}, http://127.0.0.1:{port}");
        return portkey;
    }

    private ChildProcess Start(string name, string fileName, string[] arguments, Dictionary<string, string?> environment, string runDirectory, int port)
    {
        ChildProcess child = ChildProcess.Start(name, fileName, arguments, environment, Path.Combine(runDirectory, name + ".log"));
        _children.Add(child);
        _ports[child] = port;
        return child;
    }

    /// <summary>Sends the fixed request once and checks the answer, so that no target is timed answering errors.</summary>
    private async Task ProbeAsync(HttpClient http, Target target, string runDirectory, CancellationToken cancellationToken, string marker = "\"chat.completion\"")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url)
        {
            Content = new StringContent(target.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BenchRequest.FakeApiKey);
        foreach (var (name, value) in target.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"{target.Name} did not answer the benchmark request within {http.Timeout.TotalSeconds:0} s.\n{target.Server.LogTail()}", ex);
        }

        using var answered = response;
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        var dump = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{(int)response.StatusCode} {response.ReasonPhrase}\n");
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            dump.Append(CultureInfo.InvariantCulture, $"{name}: {string.Join(", ", values)}\n");
        }

        string probe = target.Scenario == Target.Baseline ? $"probe-{target.Name}.txt" : $"probe-{target.Scenario}-{target.Name}.txt";
        await File.WriteAllTextAsync(Path.Combine(runDirectory, probe), dump.Append('\n').Append(body).ToString(), cancellationToken);
        if (!response.IsSuccessStatusCode || !body.Contains(marker, StringComparison.Ordinal) || !body.Contains("\"usage\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{target.Name} did not answer the benchmark request with a chat completion ({(int)response.StatusCode}): {body}\n{target.Server.LogTail()}");
        }

        _served[target.Name] = _served.GetValueOrDefault(target.Name) + 1;
        if (target.Name == Target.Purser && (!response.Headers.TryGetValues("x-purser-provider", out var provider) || !provider.Contains("openai")))
        {
            throw new InvalidOperationException("purser did not route the benchmark request to the fake upstream (x-purser-provider is not 'openai').");
        }
    }

    /// <summary>
    /// The driver's environment without provider keys, Purser overrides and proxies: the servers under test see
    /// only what the benchmark configures, and all traffic stays on loopback.
    /// </summary>
    private static Dictionary<string, string?> CleanEnvironment()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            string key = (string)entry.Key;
            if (key.EndsWith("_API_KEY", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("Purser__", StringComparison.OrdinalIgnoreCase)
                || key.Equals("OLLAMA_HOST", StringComparison.OrdinalIgnoreCase)
                || key.Equals("PURSER_HOME", StringComparison.OrdinalIgnoreCase)
                || key.EndsWith("_PROXY", StringComparison.OrdinalIgnoreCase))
            {
                environment[key] = null;
            }
        }

        return environment;
    }

    private string UpstreamBase(ChildProcess upstream) => $"http://127.0.0.1:{_ports[upstream]}/v1";

    private string? PortkeyVersion()
    {
        string package = Path.Combine(Path.GetDirectoryName(options.PortkeyWrapper)!, "node_modules", "@portkey-ai", "gateway", "package.json");
        if (!File.Exists(package))
        {
            return null;
        }

        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(package));
        return json.RootElement.TryGetProperty("version", out JsonElement v) ? v.GetString() : null;
    }

    /// <summary>The commit measured, marked when the work tree has changes.</summary>
    private string Commit()
    {
        string head = Version("git", "-C", options.RepoRoot, "rev-parse", "--short=10", "HEAD");
        string changes = Version("git", "-C", options.RepoRoot, "status", "--porcelain", "--untracked-files=no");
        return changes.Length == 0 ? $"commit {head}" : $"commit {head} with uncommitted changes";
    }

    private static string Version(string executable, params string[] arguments)
    {
        try
        {
            var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info);
            if (process is null)
            {
                return executable;
            }

            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return output.Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return executable + " (version unknown)";
        }
    }
}
