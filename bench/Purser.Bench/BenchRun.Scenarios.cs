using System.Globalization;
using Purser.Bench.Hosting;
using Purser.Bench.Load;
using Purser.Bench.Measurement;
using Purser.Bench.Report;

namespace Purser.Bench;

/// <summary>The extra scenarios (issue 16): each with its own Purser, next to the same direct, floor and Portkey processes.</summary>
internal sealed partial class BenchRun
{
    /// <returns>The scenario's section of the report.</returns>
    private async Task<string> RunScenarioAsync(HttpClient http, Scenario scenario, List<Target> baseline, ChildProcess upstream, string runDirectory, int cores, CancellationToken cancellationToken)
    {
        console.WriteLine();
        console.WriteLine($"Scenario {scenario.Name}: {scenario.Title}");
        ChildProcess purser = await StartPurserAsync(http, runDirectory, UpstreamBase(upstream), cancellationToken, "purser-" + scenario.Name, scenario.HardBudget);
        try
        {
            var targets = new List<Target>();
            foreach (Target peer in baseline)
            {
                // The baseline's Purser targets (purser, and purser-key* under --rate-limits) are not peers.
                if (peer.Name.StartsWith(Target.Purser, StringComparison.Ordinal)
                    || (peer.Name == Target.Floor && !scenario.Floor)
                    || (peer.Name == Target.Portkey && !scenario.Portkey))
                {
                    continue;
                }

                targets.Add(peer with { Body = scenario.PeerBody, Scenario = scenario.Name });
            }

            var purserTarget = new Target(
                Target.Purser, new Uri($"http://127.0.0.1:{_ports[purser]}{scenario.PurserPath}"), scenario.PurserHeaders, purser, scenario.PurserBody, scenario.Name);
            targets.Insert(targets.FindIndex(t => t.Name == Target.Portkey) is int p and >= 0 ? p : targets.Count, purserTarget);
            foreach (Target target in targets)
            {
                await ProbeAsync(http, target, runDirectory, cancellationToken, target.Name == Target.Purser ? scenario.PurserMarker : "\"chat.completion");
            }

            await using var memory = new MemorySampler();
            foreach (Target gateway in targets.Where(t => t.IsGateway))
            {
                memory.Watch(gateway.Name, gateway.Server.Id);
            }

            List<RoundRecord> records = await MeasureAsync(targets, upstream, memory, runDirectory, cancellationToken);
            List<StreamTiming> timings = scenario.Streaming ? await TimeStreamsAsync(targets, cancellationToken) : [];
            await File.WriteAllTextAsync(Path.Combine(runDirectory, $"rounds-{scenario.Name}.csv"), SummaryWriter.Csv(records, cores), cancellationToken);
            var purserMemory = new MemoryFigures(Target.Purser, null, memory.PeakUnderLoadKb(Target.Purser), ProcFs.StatusKb(purser.Id, "VmHWM"));
            return ScenarioSummaryWriter.Markdown(scenario, options, records, timings, purserMemory);
        }
        finally
        {
            purser.Dispose();
            _children.Remove(purser);
        }
    }

    /// <summary>Per round, every target in turn (reversed every other round): streamed answers one at a time for the run's duration.</summary>
    private async Task<List<StreamTiming>> TimeStreamsAsync(List<Target> targets, CancellationToken cancellationToken)
    {
        var timings = new List<StreamTiming>();
        if (options.Warmup > TimeSpan.Zero)
        {
            // A new connection to each target and a code path the load runs did not take (socket reads of a stream).
            foreach (Target target in targets)
            {
                await StreamTimer.RunAsync(target, options.Warmup, cancellationToken);
            }
        }

        for (int round = 1; round <= options.Rounds; round++)
        {
            IEnumerable<Target> order = round % 2 == 1 ? targets : Enumerable.Reverse(targets);
            var line = new System.Text.StringBuilder().Append(CultureInfo.InvariantCulture, $"first/last byte, round {round}/{options.Rounds}:");
            foreach (Target target in order)
            {
                (List<long> first, List<long> last) = await StreamTimer.RunAsync(target, options.Duration, cancellationToken);
                var timing = new StreamTiming(round, target.Name, first.Count, Percentile(first, 50), Percentile(first, 99), Percentile(last, 50), Percentile(last, 99));
                timings.Add(timing);
                line.Append(CultureInfo.InvariantCulture, $"  {target.Name} first {timing.FirstP50Us / 1000.0:0.000} ms last {timing.LastP50Us / 1000.0:0.000} ms");
            }

            console.WriteLine(line);
        }

        return timings;
    }

    private static long Percentile(List<long> values, double percent)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        long[] sorted = [.. values.Order()];
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percent / 100 * sorted.Length) - 1)];
    }
}
