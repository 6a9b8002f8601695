using System.Diagnostics;
using System.Globalization;

namespace Purser.Bench.Measurement;

/// <summary>Reads Linux /proc: resident memory and CPU time of processes, and of the whole machine.</summary>
internal static class ProcFs
{
    private static readonly Lazy<int> ClockTicks = new(ReadClockTicks);

    /// <summary>Kernel clock ticks per second (USER_HZ), the unit of CPU times in /proc.</summary>
    public static int TicksPerSecond => ClockTicks.Value;

    /// <summary>A field of /proc/&lt;pid&gt;/status in KiB (VmRSS, VmHWM), or null when the process is gone.</summary>
    public static long? StatusKb(int pid, string field)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal) && line.Length > field.Length && line[field.Length] == ':')
                {
                    string value = line[(field.Length + 1)..].Trim();
                    int space = value.IndexOf(' ', StringComparison.Ordinal);
                    return long.Parse(space < 0 ? value : value[..space], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    /// <summary>User + system CPU ticks a process used so far (0 when it is gone).</summary>
    public static long CpuTicks(int pid) => StatFields(pid) is { } f ? f[11] + f[12] : 0;

    /// <summary>
    /// This process's own CPU ticks and those of its children it has waited for (wrk runs are such children, so the
    /// difference over a run is the load generator's CPU).
    /// </summary>
    public static (long Self, long ReapedChildren) SelfCpuTicks() =>
        StatFields(Environment.ProcessId) is { } f ? (f[11] + f[12], f[13] + f[14]) : (0, 0);

    /// <summary>Busy ticks of all CPUs together (user, nice, system, irq, softirq, steal) from /proc/stat.</summary>
    public static long MachineBusyTicks()
    {
        string? first = File.ReadLines("/proc/stat").FirstOrDefault();
        if (first is null || !first.StartsWith("cpu ", StringComparison.Ordinal))
        {
            return 0;
        }

        long[] v = [.. first[4..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, CultureInfo.InvariantCulture))];
        return v[0] + v[1] + v[2] + v[5] + v[6] + (v.Length > 7 ? v[7] : 0);
    }

    public static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";

    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    /// <summary>Fields of /proc/&lt;pid&gt;/stat after the command name: index 0 is field 3 (state), 11 utime, 12 stime, 13 cutime, 14 cstime.</summary>
    private static long[]? StatFields(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        string[] parts = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var fields = new long[15];
        for (int i = 1; i < fields.Length; i++)
        {
            fields[i] = long.Parse(parts[i], CultureInfo.InvariantCulture);
        }

        return fields;
    }

    private static int ReadClockTicks()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true, UseShellExecute = false });
            string? output = getconf?.StandardOutput.ReadToEnd();
            getconf?.WaitForExit();
            if (int.TryParse(output?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int ticks) && ticks > 0)
            {
                return ticks;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }

        return 100;
    }
}
