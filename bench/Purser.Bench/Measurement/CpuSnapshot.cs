using System.Diagnostics;

namespace Purser.Bench.Measurement;

/// <summary>CPU ticks of the machine and of the benchmark's own processes at one instant.</summary>
internal sealed record CpuSnapshot(long Timestamp, long MachineBusy, IReadOnlyDictionary<int, long> Processes, long Driver, long ReapedChildren)
{
    public static CpuSnapshot Take(IEnumerable<int> pids)
    {
        var processes = pids.Distinct().ToDictionary(pid => pid, ProcFs.CpuTicks);
        var (driver, children) = ProcFs.SelfCpuTicks();
        return new CpuSnapshot(Stopwatch.GetTimestamp(), ProcFs.MachineBusyTicks(), processes, driver, children);
    }

    /// <summary>CPU seconds used between <paramref name="before"/> and this snapshot.</summary>
    public CpuUsage Since(CpuSnapshot before)
    {
        double tick = 1.0 / ProcFs.TicksPerSecond;
        var processes = Processes.ToDictionary(p => p.Key, p => (p.Value - before.Processes.GetValueOrDefault(p.Key)) * tick);
        double generator = (ReapedChildren - before.ReapedChildren) * tick;
        double driver = (Driver - before.Driver) * tick;
        double busy = (MachineBusy - before.MachineBusy) * tick;
        double foreign = Math.Max(0, busy - processes.Values.Sum() - generator - driver);
        return new CpuUsage(Stopwatch.GetElapsedTime(before.Timestamp, Timestamp).TotalSeconds, processes, generator, foreign);
    }
}
