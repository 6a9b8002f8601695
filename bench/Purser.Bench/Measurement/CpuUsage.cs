namespace Purser.Bench.Measurement;

/// <summary>
/// CPU seconds over one load run: per benchmark process, the load generator (wrk, a reaped child of the driver),
/// and everything else on the machine ("foreign": other people's processes — the noise).
/// </summary>
internal sealed record CpuUsage(double WallSeconds, IReadOnlyDictionary<int, double> Processes, double LoadGeneratorSeconds, double ForeignSeconds)
{
    public double Of(int pid) => Processes.GetValueOrDefault(pid);
}
