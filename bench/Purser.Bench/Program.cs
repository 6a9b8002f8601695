using System.Runtime.InteropServices;

namespace Purser.Bench;

/// <summary>Entry point: parses the options, runs the benchmark within its deadline, stops cleanly on Ctrl+C or SIGTERM.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }

        using var stop = new CancellationTokenSource(options.Deadline);
        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        try
        {
            return await new BenchRun(options, Console.Out).RunAsync(stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Console.Error.WriteLine($"Stopped (deadline of {options.Deadline.TotalMinutes:0.#} min or a signal); all servers were shut down.");
            return 3;
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine("Benchmark failed: " + ex.Message);
            return 1;
        }
    }
}
