using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Purser.Chat;
using Purser.Pipeline;
using Purser.Routing;
using Purser.Telemetry;
using Purser.Usage;

namespace Purser.MicroBenchmarks.Telemetry;

/// <summary>
/// What recording a completed call's metrics costs: with nothing listening (no exporter configured), and with every
/// Purser instrument listened to, as when GET /metrics is on (a MeterListener stands in for the OpenTelemetry SDK).
/// </summary>
[MemoryDiagnoser]
public class TelemetryBenchmarks
{
    private PurserTelemetry _telemetry = null!;
    private PurserContext _context = null!;
    private MeterListener? _listener;
    private long _sink;

    [Params(false, true)]
    public bool Listened { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _telemetry = new PurserTelemetry();
        _context = new PurserContext(new ChatRequest { Model = "gpt-4o-mini" }, "req_bench", DateTimeOffset.UnixEpoch, 0)
        {
            ServedBy = new Deployment("openai", "gpt-4o-mini"),
            Usage = new TokenUsage(1200, 300),
            CostUsd = 0.00036m,
            Latency = TimeSpan.FromMilliseconds(850),
            CacheStatus = CacheStatus.Miss,
        };
        _context.Attribution = new Attribution { Project = "web", Operation = "chat" };
        if (Listened)
        {
            _listener = new MeterListener { InstrumentPublished = (instrument, listener) => { if (instrument.Meter == _telemetry.Meter) { listener.EnableMeasurementEvents(instrument); } } };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => _sink += value);
            _listener.SetMeasurementEventCallback<double>((_, value, _, _) => _sink += (long)value);
            _listener.Start();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _listener?.Dispose();
        _telemetry.Dispose();
    }

    [Benchmark]
    public void CompleteCall() => _telemetry.Complete(_context, null);
}
