using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Purser.Gateway.Telemetry;

/// <summary>On a clean shutdown, exports what the OTLP exporters still hold (spans in the batch, the last metrics).</summary>
internal sealed class TelemetryShutdown(IServiceProvider services) : IHostedService
{
    private const int FlushMilliseconds = 5000;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        services.GetService<TracerProvider>()?.ForceFlush(FlushMilliseconds);
        services.GetService<MeterProvider>()?.ForceFlush(FlushMilliseconds);
        return Task.CompletedTask;
    }
}
