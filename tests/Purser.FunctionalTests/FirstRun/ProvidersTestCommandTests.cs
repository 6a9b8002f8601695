using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Purser.Cli.Tests;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.FirstRun;

/// <summary><c>purser providers test</c> and <c>purser doctor</c> against real HTTP upstreams on 127.0.0.1.</summary>
public sealed class ProvidersTestCommandTests : IAsyncLifetime
{
    private static readonly OpenAIUpstreamWire Wire = new();
    private FakeUpstream _upstream = null!;
    private readonly CliRunner _cli = new();

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _upstream.Handler = (http, request) =>
        {
            if (request.Method != "POST")
            {
                http.Response.StatusCode = 404;
                return Task.CompletedTask;
            }

            if (request.Headers.GetValueOrDefault("Authorization") is not ("Bearer sk-good" or "Bearer sk-environment"))
            {
                http.Response.StatusCode = 401;
                http.Response.ContentType = "application/json";
                return http.Response.WriteAsync(Wire.ErrorBody(401, "Incorrect API key provided"));
            }

            http.Response.ContentType = "application/json";
            return http.Response.WriteAsync(Wire.CompletionBody(request, new FakeAnswer("OK") { InputTokens = 10, CachedTokens = 0, OutputTokens = 2, ReasoningTokens = 0 }));
        };
    }

    private void Configure(string providers) =>
        File.WriteAllText(Path.Combine(_cli.Home, "purser.json"), "{ \"Purser\": { \"Providers\": { " + providers + " } } }");

    private string OpenAI(string name, string keyVariable, string? baseUrl = null) =>
        $"\"{name}\": {{ \"Kind\": \"openai\", \"BaseUrl\": \"{baseUrl ?? Wire.BaseUrl(_upstream.Url)}\", \"ApiKey\": \"env:{keyVariable}\", \"Models\": [\"gpt-4o-mini\"] }}";

    private static string ClosedPortUrl() => $"http://127.0.0.1:{FreePort()}/v1";

    [Fact]
    public async Task ProvidersTest_MakesOneMinimalCallEachWithLatencyAndTheLedgersCost()
    {
        _cli.Variables["OPENAI_API_KEY"] = "sk-good";
        Configure(OpenAI("openai", "OPENAI_API_KEY"));

        var (code, output) = await _cli.RunAsync("providers", "test", "openai");

        code.ShouldBe(0, output);
        ReceivedRequest call = _upstream.Received.Single(r => r.Method == "POST");
        call.Json["model"]!.GetValue<string>().ShouldBe("gpt-4o-mini");
        (call.Json["max_tokens"] ?? call.Json["max_completion_tokens"])!.GetValue<int>().ShouldBe(16);
        output.ShouldContain("ok");
        output.ShouldMatch(@"\d+ ms");
        // 10 input tokens at $0.15/M and 2 output tokens at $0.60/M.
        output.ShouldContain("$0.0000027");

        var (_, costs) = await _cli.RunAsync("costs", "--by", "operation");
        costs.ShouldContain("providers-test");
    }

    [Fact]
    public async Task ProvidersTest_ARefusedKeyAndAnUnreachableProviderFailWithAFix()
    {
        _cli.Variables["OPENAI_API_KEY"] = "sk-revoked";
        _cli.Variables["OTHER_KEY"] = "sk-good";
        Configure(OpenAI("openai", "OPENAI_API_KEY") + ", " + OpenAI("gone", "OTHER_KEY", ClosedPortUrl()));

        var (code, output) = await _cli.RunAsync("providers", "test");

        code.ShouldBe(1, output);
        output.ShouldContain("refused the key: check the key in OPENAI_API_KEY");
        output.ShouldContain("cannot reach http://127.0.0.1:");
        output.ShouldContain("simulated");
    }

    [Fact]
    public async Task ProvidersTest_AKeyInDotEnvIsUsedAndTheEnvironmentWins()
    {
        string work = Directory.CreateDirectory(Path.Combine(_cli.Home, "project")).FullName;
        _cli.WorkingDirectory = work;
        File.WriteAllText(Path.Combine(work, ".env"), "OPENAI_API_KEY=sk-good\n");
        Configure(OpenAI("openai", "OPENAI_API_KEY"));

        (await _cli.RunAsync("providers", "test", "openai")).ExitCode.ShouldBe(0);
        _upstream.LastRequest.Headers["Authorization"].ShouldBe("Bearer sk-good");

        _cli.Variables["OPENAI_API_KEY"] = "sk-environment";
        (await _cli.RunAsync("providers", "test", "openai")).ExitCode.ShouldBe(0);
        _upstream.LastRequest.Headers["Authorization"].ShouldBe("Bearer sk-environment");
    }

    [Fact]
    public async Task ProvidersTest_AnUnknownProviderIsNamed()
    {
        var (code, output) = await _cli.RunAsync("providers", "test", "nope");

        code.ShouldBe(2);
        output.ShouldContain("No provider named 'nope'");
    }

    [Fact]
    public async Task Doctor_AllGood_ChecksEverything()
    {
        _cli.Variables["OPENAI_API_KEY"] = "sk-good";
        Configure(OpenAI("openai", "OPENAI_API_KEY"));

        var (code, output) = await _cli.RunAsync("doctor", "--port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));

        code.ShouldBe(0, output);
        output.ShouldContain("ok    configuration");
        output.ShouldContain("ok    database");
        output.ShouldContain("ok    provider openai  gpt-4o-mini answered in");
        output.ShouldContain("ok    clock");
        output.ShouldContain("ahead of 127.0.0.1");
        output.ShouldContain("is free for purser serve");
    }

    [Fact]
    public async Task Doctor_AnUnreachableProvider_IsReportedWithHowToFixIt()
    {
        _cli.Variables["OPENAI_API_KEY"] = "sk-good";
        Configure(OpenAI("openai", "OPENAI_API_KEY", ClosedPortUrl()));

        var (code, output) = await _cli.RunAsync("doctor", "--port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));

        code.ShouldBe(1, output);
        output.ShouldContain("FAIL  provider openai");
        output.ShouldContain("fix: cannot reach http://127.0.0.1:");
        output.ShouldContain("1 problem(s)");
    }

    [Fact]
    public async Task Doctor_ABrokenConfiguration_NamesTheKeyAndSkipsWhatNeedsIt()
    {
        File.WriteAllText(Path.Combine(_cli.Home, "purser.json"), "{ \"Purser\": { \"Providers\": { \"work\": { \"Kind\": \"openia\" } } } }");

        var (code, output) = await _cli.RunAsync("doctor", "--no-calls");

        code.ShouldBe(1, output);
        output.ShouldContain("FAIL  configuration  Purser:Providers:work:Kind 'openia'");
        output.ShouldContain("skip  database");
    }

    [Fact]
    public async Task Doctor_AMissingKeyVariable_SaysWhichToSet()
    {
        Configure(OpenAI("openai", "WORK_OPENAI_KEY"));

        var (code, output) = await _cli.RunAsync("doctor", "--no-calls");

        code.ShouldBe(1, output);
        output.ShouldContain("fix: set WORK_OPENAI_KEY in the environment or in ./.env");
    }

    [Fact]
    public async Task Doctor_InvalidJson_SaysWhere()
    {
        File.WriteAllText(Path.Combine(_cli.Home, "purser.json"), "{ \"Purser\": {\n  \"Providers\": { ,\n} }");

        var (code, output) = await _cli.RunAsync("doctor", "--no-calls");

        code.ShouldBe(1, output);
        output.ShouldContain("is not valid JSON");
        output.ShouldContain("fix: fix line 2 of");
    }

    [Fact]
    public async Task Doctor_APortTakenByAnotherProgram_Fails()
    {
        int port = new Uri(_upstream.Url).Port;

        var (code, output) = await _cli.RunAsync("doctor", "--no-calls", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        code.ShouldBe(1, output);
        output.ShouldContain($"127.0.0.1:{port} is taken by another program");
        output.ShouldContain("warn  configuration  no ");
    }

    [Fact]
    public async Task Doctor_AClockFarFromTheProvidersDate_Fails()
    {
        _cli.Variables["OPENAI_API_KEY"] = "sk-good";
        Configure(OpenAI("openai", "OPENAI_API_KEY"));
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow + TimeSpan.FromHours(1));
        var doctor = new Purser.Cli.Diagnostics.Doctor(
            new Purser.Cli.Hosting.CliEnvironment { Variables = name => _cli.Variables.GetValueOrDefault(name), WorkingDirectory = _cli.Home, ReadEnvironmentConfiguration = false },
            clock) { Calls = false, Port = FreePort() };

        List<Purser.Cli.Diagnostics.DoctorCheck> checks = await doctor.RunAsync(CancellationToken.None);

        Purser.Cli.Diagnostics.DoctorCheck check = checks.Single(c => c.Area == "clock");
        check.Status.ShouldBe(Purser.Cli.Diagnostics.DoctorStatus.Failed);
        check.Detail.ShouldContain("ahead of 127.0.0.1");
        check.Fix.ShouldNotBeNull().ShouldContain("NTP");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async Task DisposeAsync()
    {
        _cli.Dispose();
        await _upstream.DisposeAsync();
    }
}
