using BenchmarkDotNet.Running;
using Purser.MicroBenchmarks.Tokens;

namespace Purser.MicroBenchmarks;

internal static class Program
{
    public static int Main(string[] args)
    {
        // `--cold-start` measures the first token count in fresh processes (rank data load + JIT), which a
        // BenchmarkDotNet job cannot see because it warms up first.
        if (args.Length > 0 && args[0] == "--cold-start")
        {
            return ColdStart.Run(args[1..]);
        }

        // `--cpu-time <class filter> [calls]` measures CPU time per call, steadier than wall time on a shared machine.
        if (args.Length > 0 && args[0] == "--cpu-time")
        {
            return CpuTime.Run(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
