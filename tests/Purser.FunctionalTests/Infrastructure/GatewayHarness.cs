namespace Purser.FunctionalTests.Infrastructure;

/// <summary>A fake upstream of one wire kind, configured as provider "up" serving "fake-model", behind a real gateway.</summary>
public sealed class GatewayHarness : IAsyncDisposable
{
    public const string Provider = "up";
    public const string Model = "fake-model";
    public const string UpstreamKey = "upstream-test-key";

    private GatewayHarness(UpstreamWire wire, FakeUpstream upstream, GatewayServer gateway, FakeScenario scenario)
    {
        Wire = wire;
        Upstream = upstream;
        Gateway = gateway;
        Scenario = scenario;
    }

    public UpstreamWire Wire { get; }

    public FakeUpstream Upstream { get; }

    public GatewayServer Gateway { get; }

    public FakeScenario Scenario { get; }

    public string Url => Gateway.Url;

    public static async Task<GatewayHarness> StartAsync(UpstreamWire wire, Action<Dictionary<string, string?>>? configure = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        FakeUpstream upstream = await FakeUpstream.StartAsync();
        var scenario = new FakeScenario();
        upstream.Handler = (http, request) => wire.AnswerAsync(http, request, scenario);
        var config = new Dictionary<string, string?>
        {
            [$"Purser:Providers:{Provider}:Kind"] = wire.Kind,
            [$"Purser:Providers:{Provider}:BaseUrl"] = wire.BaseUrl(upstream.Url),
            [$"Purser:Providers:{Provider}:ApiKey"] = UpstreamKey,
            [$"Purser:Providers:{Provider}:Models:0"] = Model,
            [$"Purser:Providers:{Provider}:TimeoutSeconds"] = "20",

            // Protocol tests see each upstream answer as it is: one try per call. Resilience tests turn retries on.
            ["Purser:Resilience:Retry:MaxAttempts"] = "1",
        };
        configure?.Invoke(config);
        GatewayServer gateway = await GatewayServer.StartAsync(config, services: services);
        return new GatewayHarness(wire, upstream, gateway, scenario);
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
