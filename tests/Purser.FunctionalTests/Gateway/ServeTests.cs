using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Gateway;

/// <summary>`purser serve` as a real process: its defaults with no configuration and no keys, and --urls.</summary>
public sealed class ServeTests
{
    [Fact]
    public async Task Serve_NoConfigurationNoKeys_AnswersOnLoopbackOnlyAndNamesTheVariableToSet()
    {
        string home = Path.Combine(Path.GetTempPath(), "purser-serve-" + Guid.NewGuid().ToString("N"));
        int port = GatewayProcess.FreeLoopbackPort();
        await using GatewayProcess gateway = await GatewayProcess.StartAsync(home, ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], $"http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = new Uri(gateway.Url), Timeout = TimeSpan.FromSeconds(30) };

        using HttpResponseMessage health = await http.GetAsync("/health");
        using HttpResponseMessage unconfigured = await http.PostAsync("/v1/chat/completions", new StringContent("""{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));
        JsonObject error = JsonNode.Parse(await unconfigured.Content.ReadAsStringAsync())!["error"]!.AsObject();
        using HttpResponseMessage anthropic = await http.PostAsync("/v1/messages", new StringContent("""{"model":"claude-sonnet-4-5","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));
        JsonObject anthropicError = JsonNode.Parse(await anthropic.Content.ReadAsStringAsync())!.AsObject();
        using HttpResponseMessage simulated = await http.PostAsync("/v1/chat/completions", new StringContent("""{"model":"simulated/demo","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));

        health.StatusCode.ShouldBe(HttpStatusCode.OK);
        unconfigured.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        error["message"]!.GetValue<string>().ShouldContain("OPENAI_API_KEY");
        anthropic.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        anthropicError["type"]!.GetValue<string>().ShouldBe("error");
        anthropicError["error"]!["message"]!.GetValue<string>().ShouldContain("ANTHROPIC_API_KEY");
        simulated.StatusCode.ShouldBe(HttpStatusCode.OK);
        File.Exists(Path.Combine(home, "purser.db")).ShouldBeTrue();

        // Bound to 127.0.0.1 only: the machine's other addresses do not answer on that port.
        foreach (IPAddress address in ExternalAddresses())
        {
            using var client = new TcpClient(address.AddressFamily);
            await Should.ThrowAsync<SocketException>(() => client.ConnectAsync(address, port));
        }
    }

    [Fact]
    public async Task Serve_LogFormatJsonAndMetricsPort_EveryOutputLineIsJson_AndMetricsAnswerOnTheirPortAlone()
    {
        string home = Path.Combine(Path.GetTempPath(), "purser-serve-" + Guid.NewGuid().ToString("N"));
        int port = GatewayProcess.FreeLoopbackPort();
        int metricsPort = GatewayProcess.FreeLoopbackPort();
        string portText = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using GatewayProcess gateway = await GatewayProcess.StartAsync(
            home,
            ["--port", portText, "--metrics-port", metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--log-format", "json"],
            $"http://127.0.0.1:{port}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        using HttpResponseMessage call = await http.PostAsync(gateway.Url + "/v1/chat/completions", new StringContent("""{"model":"simulated/demo","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));
        using HttpResponseMessage metrics = await http.GetAsync($"http://127.0.0.1:{metricsPort}/metrics");
        using HttpResponseMessage notHere = await http.GetAsync(gateway.Url + "/metrics");
        using HttpResponseMessage onlyMetrics = await http.GetAsync($"http://127.0.0.1:{metricsPort}/health");

        call.StatusCode.ShouldBe(HttpStatusCode.OK);
        metrics.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await metrics.Content.ReadAsStringAsync()).ShouldContain("gen_ai_client_operation_duration_seconds_count");
        notHere.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        onlyMetrics.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        string[] lines = [.. gateway.Output.Where(l => l.Trim().Length > 0)];
        lines.ShouldNotBeEmpty();
        foreach (string line in lines)
        {
            JsonNode parsed = JsonNode.Parse(line).ShouldNotBeNull(line);
            parsed["Category"].ShouldNotBeNull(line);
        }

        lines.Select(l => JsonNode.Parse(l)!).ShouldContain(l => l["Category"]!.GetValue<string>() == "Microsoft.Hosting.Lifetime" && l["LogLevel"]!.GetValue<string>() == "Information");
    }

    [Fact]
    public async Task Serve_Urls_ListensThereInsteadOfThePort()
    {
        string home = Path.Combine(Path.GetTempPath(), "purser-serve-" + Guid.NewGuid().ToString("N"));
        int port = GatewayProcess.FreeLoopbackPort();
        int other = GatewayProcess.FreeLoopbackPort();
        string url = $"http://127.0.0.1:{other}";
        await using GatewayProcess gateway = await GatewayProcess.StartAsync(home, ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--urls", url], url);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        using HttpResponseMessage health = await http.GetAsync(url + "/health");

        health.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var client = new TcpClient(AddressFamily.InterNetwork);
        await Should.ThrowAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, port));
    }

    private static IEnumerable<IPAddress> ExternalAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
