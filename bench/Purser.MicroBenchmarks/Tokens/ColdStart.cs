using System.Diagnostics;
using System.Globalization;
using Purser.Tokens;

namespace Purser.MicroBenchmarks.Tokens;

/// <summary>
/// First use of an encoding in a fresh process: loading the rank data plus JIT of the tokenizer, as a gateway sees on
/// its first request. <c>--cold-start [runs]</c> starts this program <c>runs</c> times per encoding and prints medians.
/// </summary>
internal static class ColdStart
{
    public static int Run(string[] args)
    {
        if (args.Length == 2 && args[0] == "--once")
        {
            BpeEncoding encoding = BpeEncoding.ByName(args[1])!;
            long start = Stopwatch.GetTimestamp();
            int tokens = encoding.CountTokens("Hello, world! The first count loads the rank data.");
            double firstMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            start = Stopwatch.GetTimestamp();
            tokens += encoding.CountTokens("A second count is warm.");
            double secondMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{firstMs:F2} {secondMs:F4} {tokens}"));
            return 0;
        }

        int runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
        string self = Environment.ProcessPath!;
        string? dll = self.EndsWith("dotnet", StringComparison.Ordinal) || self.EndsWith("dotnet.exe", StringComparison.Ordinal)
            ? typeof(ColdStart).Assembly.Location
            : null;
        foreach (string name in new[] { "o200k_base", "cl100k_base" })
        {
            var first = new List<double>();
            var second = new List<double>();
            for (int i = 0; i < runs; i++)
            {
                var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true };
                if (dll is not null)
                {
                    psi.ArgumentList.Add(dll);
                }

                psi.ArgumentList.Add("--cold-start");
                psi.ArgumentList.Add("--once");
                psi.ArgumentList.Add(name);
                using Process p = Process.Start(psi)!;
                string[] parts = p.StandardOutput.ReadToEnd().Trim().Split(' ');
                p.WaitForExit();
                first.Add(double.Parse(parts[0], CultureInfo.InvariantCulture));
                second.Add(double.Parse(parts[1], CultureInfo.InvariantCulture));
            }

            first.Sort();
            second.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: first count (load + JIT) median {first[runs / 2]:F1} ms (min {first[0]:F1}, max {first[^1]:F1}); second count median {second[runs / 2]:F3} ms; {runs} fresh processes"));
        }

        return 0;
    }
}
