using System.Globalization;

namespace Purser.Bench.Measurement;

/// <summary>
/// Context switches of a process from /proc: voluntary ones (a thread blocked and was woken: a hand-off) summed over
/// its threads. Threads that ended during a run take their counts with them, so this can undercount, never overcount.
/// </summary>
internal static class ContextSwitches
{
    public static long Voluntary(int pid)
    {
        long total = 0;
        try
        {
            foreach (string task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    foreach (string line in File.ReadLines(Path.Combine(task, "status")))
                    {
                        if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal))
                        {
                            total += long.Parse(line["voluntary_ctxt_switches:".Length..].Trim(), CultureInfo.InvariantCulture);
                            break;
                        }
                    }
                }
                catch (IOException)
                {
                    // The thread ended between listing and reading.
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return total;
    }
}
