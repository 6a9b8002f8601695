using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Purser.Configuration;
using Purser.FunctionalTests.Infrastructure;
using Purser.Gateway;

namespace Purser.FunctionalTests.Security;

/// <summary>
/// An open gateway does not listen beyond loopback unless told to with --insecure-open, and then says so loudly. Nothing
/// here sends traffic anywhere but 127.0.0.1.
/// </summary>
public sealed class ListenAddressTests
{
    [Fact]
    public async Task Serve_OnAllInterfacesWithoutMasterKey_RefusesToStartAndSaysWhatToDo()
    {
        string home = Path.Combine(Path.GetTempPath(), "purser-listen-" + Guid.NewGuid().ToString("N"));
        int port = GatewayProcess.FreeLoopbackPort();

        var (exitCode, output) = await GatewayProcess.RunUntilExitAsync(home, ["--urls", $"http://0.0.0.0:{port}"], TimeSpan.FromSeconds(30));

        exitCode.ShouldBe(2, output);
        output.ShouldContain("--insecure-open");
        output.ShouldContain("Purser:Auth:RequireKeys");
        output.ShouldContain("Purser:Auth:MasterKey");
    }

    [Theory]
    [InlineData("http://0.0.0.0:0", null, null)]
    [InlineData("http://[::]:0", null, null)]
    [InlineData("http://*:0", null, null)]
    [InlineData("http://+:0", null, null)]
    [InlineData("http://192.0.2.10:0", null, null)]
    [InlineData("http://purser.example.com:0", null, null)]
    [InlineData("http://127.0.0.1:0;http://0.0.0.0:0", null, null)]
    [InlineData("http://0.0.0.0:0", "a-master-key", null)]
    [InlineData("http://0.0.0.0:0", null, "true")]
    public void Build_NonLoopbackWhileOpen_StopsWithTheReason(string urls, string? masterKey, string? requireKeys)
    {
        GatewayHostSettings settings = Settings(urls, masterKey, requireKeys);

        PurserConfigurationException error = Should.Throw<PurserConfigurationException>(() => GatewayHost.Build(settings));

        error.Errors.ShouldHaveSingleItem().ShouldContain("--insecure-open");
    }

    [Fact]
    public void Build_KestrelEndpointInConfigurationWhileOpen_Stops()
    {
        GatewayHostSettings settings = Settings("http://127.0.0.1:0", null, null);
        settings.Overrides["Kestrel:Endpoints:lan:Url"] = "http://0.0.0.0:0";

        Should.Throw<PurserConfigurationException>(() => GatewayHost.Build(settings)).Errors.Single().ShouldContain("http://0.0.0.0:0");
    }

    [Theory]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("http://localhost:0")]
    [InlineData("http://[::1]:0")]
    public async Task Build_LoopbackWhileOpen_BuildsAndChecksHostNames(string urls)
    {
        await using WebApplication app = GatewayHost.Build(Settings(urls, null, null));

        app.Services.GetRequiredService<Purser.Gateway.Security.HostAllowList>().IsEnforced.ShouldBeTrue();
    }

    [Fact]
    public async Task Build_NonLoopbackWithMasterKeyAndRequiredKeys_StartsWithoutWarning()
    {
        var capture = new LogCapture();
        GatewayHostSettings settings = Settings("http://0.0.0.0:0", "a-master-key", "true");
        settings.ConfigureServices = s => s.AddSingleton<ILoggerProvider>(capture);

        await using WebApplication app = GatewayHost.Build(settings);

        capture.WithEvent(3120).ShouldBeEmpty();
        app.Services.GetRequiredService<Purser.Gateway.Security.HostAllowList>().IsEnforced.ShouldBeFalse();
    }

    [Fact]
    public async Task InsecureOpen_Starts_LogsACriticalWarning_AndStillAnswersOnlyLoopbackNames()
    {
        var capture = new LogCapture();
        int port = GatewayProcess.FreeLoopbackPort();
        GatewayHostSettings settings = Settings($"http://0.0.0.0:{port}", null, null);
        settings.InsecureOpen = true;
        settings.ConfigureServices = s => s.AddSingleton<ILoggerProvider>(capture);

        await using WebApplication app = GatewayHost.Build(settings);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        using HttpResponseMessage loopback = await http.GetAsync("/v1/models");
        using var foreign = new HttpRequestMessage(HttpMethod.Get, "/v1/models") { Headers = { Host = "lan-name.example" } };
        using HttpResponseMessage byName = await http.SendAsync(foreign);
        await app.StopAsync();

        LogCapture.LogEntry warning = capture.WithEvent(3120).ShouldHaveSingleItem();
        warning.Level.ShouldBe(LogLevel.Critical);
        warning.Message.ShouldContain($"http://0.0.0.0:{port}");
        loopback.StatusCode.ShouldBe(HttpStatusCode.OK);
        byName.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public void Build_ExplicitNetworkAddressWithInsecureOpen_AnswersThatName()
    {
        GatewayHostSettings settings = Settings("http://192.0.2.10:4000", null, null);
        settings.InsecureOpen = true;

        using WebApplication app = GatewayHost.Build(settings);

        var hosts = app.Services.GetRequiredService<Purser.Gateway.Security.HostAllowList>();
        hosts.Allows(new Microsoft.AspNetCore.Http.HostString("192.0.2.10:4000")).ShouldBeTrue();
        hosts.Allows(new Microsoft.AspNetCore.Http.HostString("rebind.attacker.example:4000")).ShouldBeFalse();
    }

    private static GatewayHostSettings Settings(string urls, string? masterKey, string? requireKeys)
    {
        string home = Path.Combine(Path.GetTempPath(), "purser-listen-" + Guid.NewGuid().ToString("N"));
        var settings = new GatewayHostSettings
        {
            Urls = urls,
            Environment = name => name == "PURSER_HOME" ? home : null,
            ReadEnvironmentConfiguration = false,
            LogLevel = LogLevel.Warning,
        };
        settings.Overrides["Purser:Auth:MasterKey"] = masterKey;
        settings.Overrides["Purser:Auth:RequireKeys"] = requireKeys;
        return settings;
    }
}
