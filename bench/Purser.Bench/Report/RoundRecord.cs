using Purser.Bench.Load;

namespace Purser.Bench.Report;

/// <summary>One measured load run: one target, one concurrency level, one round.</summary>
internal sealed record RoundRecord(
    int Concurrency,
    int Round,
    int Position,
    string Target,
    WrkResult Wrk,
    double WallSeconds,
    double ServerCpuSeconds,
    double UpstreamCpuSeconds,
    double LoadGeneratorCpuSeconds,
    double ForeignCpuSeconds)
{
    public double RequestsPerSecond => Wrk.RequestsPerSecond;

    /// <summary>Voluntary context switches of the serving process's threads during the run (hand-offs that woke a thread).</summary>
    public long ServerVoluntarySwitches { get; init; }

    public double SwitchesPerRequest => Wrk.Requests == 0 ? 0 : (double)ServerVoluntarySwitches / Wrk.Requests;

    /// <summary>CPU time of the process serving the target (the gateway; the upstream for direct) per request, in µs.</summary>
    public double ServerCpuUsPerRequest => Wrk.Requests == 0 ? 0 : ServerCpuSeconds * 1e6 / Wrk.Requests;

    /// <summary>CPU used by processes that are not part of the benchmark, in % of all cores over the run.</summary>
    public double ForeignCpuPercent(int cores) => WallSeconds == 0 ? 0 : ForeignCpuSeconds / (WallSeconds * cores) * 100;
}
