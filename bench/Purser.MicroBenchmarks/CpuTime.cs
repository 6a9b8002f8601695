using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace Purser.MicroBenchmarks;

/// <summary>
/// <c>--cpu-time &lt;class filter&gt; [calls]</c>: the process CPU time per call of each <c>[Benchmark]</c> method of
/// the matching benchmark classes, after their <c>[GlobalSetup]</c> and a warm-up. On a shared machine a wall-clock
/// mean swings with other jobs' load; CPU time charged to this process swings much less, so two builds compared this
/// way, one after the other, differ by what they do. Prints three rounds per method.
/// </summary>
internal static class CpuTime
{
    public static int Run(string[] args)
    {
        string filter = args.Length > 0 ? args[0] : "";
        int calls = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
        foreach (Type type in typeof(CpuTime).Assembly.GetTypes().Where(t => t.Name.Contains(filter, StringComparison.OrdinalIgnoreCase) && !t.IsAbstract))
        {
            MethodInfo[] benchmarks = [.. type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null)];
            if (benchmarks.Length == 0)
            {
                continue;
            }

            object instance = Activator.CreateInstance(type)!;
            foreach (MethodInfo setup in type.GetMethods().Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null))
            {
                setup.Invoke(instance, null);
            }

            foreach (MethodInfo benchmark in benchmarks)
            {
                var call = (Func<object?>)(() => benchmark.Invoke(instance, null));
                var rounds = new List<string>();
                for (int round = 0; round < 3; round++)
                {
                    for (int i = 0; i < calls / 10; i++)
                    {
                        call();
                    }

                    using Process self = Process.GetCurrentProcess();
                    TimeSpan before = self.TotalProcessorTime;
                    for (int i = 0; i < calls; i++)
                    {
                        call();
                    }

                    self.Refresh();
                    rounds.Add(((self.TotalProcessorTime - before).TotalMicroseconds / calls).ToString("F0", CultureInfo.InvariantCulture));
                }

                Console.WriteLine($"{type.Name}.{benchmark.Name}: {string.Join(" / ", rounds)} µs of CPU per call ({calls} calls a round)");
            }
        }

        return 0;
    }
}
