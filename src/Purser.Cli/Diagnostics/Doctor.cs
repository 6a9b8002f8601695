using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Purser.Cli.Hosting;
using Purser.Configuration;
using Purser.Gateway;
using Purser.Pipeline;
using Purser.Reports;

namespace Purser.Cli.Diagnostics;

/// <summary>
/// The checks of <c>purser doctor</c>, in order: the configuration file and values, the database, each provider's
/// credentials and a minimal call (<see cref="ProviderProbe"/>), the clock against a provider's <c>Date</c>, and the port
/// <c>purser serve</c> would take. A check that cannot run because an earlier one failed is skipped, saying why.
/// </summary>
internal sealed class Doctor(CliEnvironment environment, TimeProvider time)
{
    /// <summary>A clock further off than this makes budget windows and signed provider requests go wrong.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(2);

    public string? ConfigFile { get; init; }

    public int Port { get; init; } = 4000;

    /// <summary>Make the minimal provider calls (they cost a few tokens each).</summary>
    public bool Calls { get; init; } = true;

    public async Task<List<DoctorCheck>> RunAsync(CancellationToken cancellationToken)
    {
        var checks = new List<DoctorCheck>();
        bool configured = CheckFiles(checks);
        CliContext? context = null;
        if (configured)
        {
            try
            {
                context = CliContext.Create(environment, ConfigFile, ProbeSettings.Overrides);
                checks.Add(new DoctorCheck("configuration", DoctorStatus.Ok, $"valid: {context.Options.Providers.Count} provider(s), data folder {context.Options.Home}"));
            }
            catch (PurserConfigurationException ex)
            {
                checks.AddRange(ex.Errors.Select(e => new DoctorCheck("configuration", DoctorStatus.Failed, e, ConfigurationFix(e))));
            }
            catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
            {
                checks.Add(new DoctorCheck("configuration", DoctorStatus.Failed, ex.Message, "fix the file named, or start over with purser init --force"));
            }
        }

        if (context is null)
        {
            checks.Add(new DoctorCheck("database", DoctorStatus.Skipped, "not checked: the configuration is invalid"));
            checks.Add(new DoctorCheck("providers", DoctorStatus.Skipped, "not checked: the configuration is invalid"));
        }
        else
        {
            await using (context)
            {
                checks.Add(await CheckDatabaseAsync(context, cancellationToken));
                await CheckProvidersAsync(context, checks, cancellationToken);
                checks.Add(await CheckClockAsync(context.Options, cancellationToken));
            }
        }

        checks.Add(await CheckPortAsync(cancellationToken));
        return checks;
    }

    private bool CheckFiles(List<DoctorCheck> checks)
    {
        string home = PurserOptionsLoader.DefaultHome(environment.Variables);
        string homeFile = Path.Combine(home, "purser.json");
        if (environment.DotEnv.Count > 0)
        {
            checks.Add(new DoctorCheck(".env", DoctorStatus.Ok, $"read {environment.DotEnv.Count} variable(s) from {Path.Combine(environment.WorkingDirectory, DotEnvFile.FileName)} (the environment wins)"));
        }

        bool valid = true;
        if (!File.Exists(homeFile) && ConfigFile is null)
        {
            checks.Add(new DoctorCheck("configuration", DoctorStatus.Warning, $"no {homeFile}: defaults and the environment only", "purser init writes one (providers found, a daily budget, a master key)"));
        }

        foreach (string file in new[] { homeFile, ConfigFile }.OfType<string>().Where(File.Exists))
        {
            try
            {
                using JsonDocument _ = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                checks.Add(new DoctorCheck("configuration", DoctorStatus.Ok, $"{file} is valid JSON"));
            }
            catch (JsonException ex)
            {
                checks.Add(new DoctorCheck("configuration", DoctorStatus.Failed, $"{file} is not valid JSON: {ex.Message}", $"fix line {(ex.LineNumber ?? 0) + 1} of {file}, or start over with purser init --force"));
                valid = false;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                checks.Add(new DoctorCheck("configuration", DoctorStatus.Failed, $"cannot read {file}: {ex.Message}", "check the file's permissions"));
                valid = false;
            }
        }

        if (ConfigFile is { } given && !File.Exists(given))
        {
            checks.Add(new DoctorCheck("configuration", DoctorStatus.Failed, $"--config: {given} does not exist", "give an existing file"));
            valid = false;
        }

        return valid;
    }

    private static string ConfigurationFix(string error)
    {
        const string Marker = "reads environment variable ";
        int at = error.IndexOf(Marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            string variable = error[(at + Marker.Length)..].Split(',', ' ')[0];
            return $"set {variable} in the environment or in ./.env, or remove the provider from purser.json";
        }

        return "change the key named in purser.json (or the --config file); docs/CONFIGURATION.md lists every key";
    }

    private static async Task<DoctorCheck> CheckDatabaseAsync(CliContext context, CancellationToken cancellationToken)
    {
        string where = context.Options.Database.Provider.Equals("sqlite", StringComparison.OrdinalIgnoreCase)
            ? GatewayHost.DatabasePath(context.Options)
            : context.Options.Database.Provider;
        try
        {
            DateTimeOffset now = TimeProvider.System.GetUtcNow();
            CostReport report = await context.Get<ICostReportStore>().QueryAsync(new CostQuery(null, now), cancellationToken);
            return new DoctorCheck("database", DoctorStatus.Ok, $"{where}: readable and writable, {report.Totals.Calls} call(s) in the ledger");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new DoctorCheck("database", DoctorStatus.Failed, $"{where}: {ex.Message}", "check that the data folder exists and is writable (PURSER_HOME), or Purser:Database:ConnectionString");
        }
    }

    private async Task CheckProvidersAsync(CliContext context, List<DoctorCheck> checks, CancellationToken cancellationToken)
    {
        foreach ((string name, ProviderOptions provider) in context.Options.Providers.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            string area = "provider " + name;
            if (provider.Kind != ProviderKind.Simulated && provider.ApiKey is null && provider.ApiKeys.Count == 0 && name != "ollama" && !IsLoopback(provider.BaseUrl))
            {
                checks.Add(new DoctorCheck(area, DoctorStatus.Warning, $"no key configured for {provider.BaseUrl}", $"set Purser:Providers:{name}:ApiKey, or ApiKeys for several (env:VAR reads a variable)"));
            }

            if (!Calls)
            {
                checks.Add(new DoctorCheck(area, DoctorStatus.Skipped, "not called (--no-calls)"));
                continue;
            }

            ProviderProbeResult result = await ProviderProbe.RunAsync(context.Get<PurserPipeline>(), name, provider, model: null, cancellationToken);
            string cost = result.CostUsd is { } usd ? Pricing.CostFormatter.Format(usd, 8) : "unpriced";
            checks.Add(result switch
            {
                { Skipped: { } why } => new DoctorCheck(area, DoctorStatus.Warning, $"not called: {why}", result.Fix),
                { Error: { } error } => new DoctorCheck(area, DoctorStatus.Failed, $"{result.Model}: {error.Message}", result.Fix),
                _ => new DoctorCheck(area, DoctorStatus.Ok, $"{result.Model} answered in {Commands.ProvidersCommand.Milliseconds(result.Latency ?? TimeSpan.Zero)}, cost {cost}"),
            });
        }
    }

    private async Task<DoctorCheck> CheckClockAsync(PurserOptions options, CancellationToken cancellationToken)
    {
        DateTimeOffset local = time.GetUtcNow();
        IEnumerable<string> urls = options.Providers.Values
            .Where(p => p.Kind != ProviderKind.Simulated && Uri.TryCreate(p.BaseUrl, UriKind.Absolute, out _))
            .Select(p => p.BaseUrl!);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (string url in urls)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Head, url);
                using HttpResponseMessage response = await http.SendAsync(request, cancellationToken);
                if (response.Headers.Date is not { } remote)
                {
                    continue;
                }

                TimeSpan skew = local - remote;
                string detail = $"{local:yyyy-MM-dd HH:mm:ss} UTC, {Math.Abs(skew.TotalSeconds):0} s {(skew >= TimeSpan.Zero ? "ahead of" : "behind")} {new Uri(url).Host}";
                return skew.Duration() > MaxClockSkew
                    ? new DoctorCheck("clock", DoctorStatus.Failed, detail, "set the system clock (enable NTP: timedatectl set-ntp true); budget windows and provider requests depend on it")
                    : new DoctorCheck("clock", DoctorStatus.Ok, detail);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not reachable: the provider check says so; try the next one.
            }
        }

        return new DoctorCheck("clock", DoctorStatus.Ok, $"{local:yyyy-MM-dd HH:mm:ss} UTC (not compared: no provider answered)");
    }

    private async Task<DoctorCheck> CheckPortAsync(CancellationToken cancellationToken)
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        try
        {
            listener.Start();
            return new DoctorCheck("port", DoctorStatus.Ok, $"127.0.0.1:{Port} is free for purser serve");
        }
        catch (SocketException)
        {
            if (await AnswersHealthAsync(cancellationToken))
            {
                return new DoctorCheck("port", DoctorStatus.Ok, $"127.0.0.1:{Port}: a gateway is already running there (/health answers)");
            }

            return new DoctorCheck("port", DoctorStatus.Failed, $"127.0.0.1:{Port} is taken by another program", $"stop it, or run purser serve --port <another> (purser doctor --port <another> checks that one)");
        }
        finally
        {
            listener.Stop();
        }
    }

    private async Task<bool> AnswersHealthAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using HttpResponseMessage response = await http.GetAsync(new Uri($"http://127.0.0.1:{Port}/health"), cancellationToken);
            return response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync(cancellationToken)).Contains("ok", StringComparison.OrdinalIgnoreCase);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static bool IsLoopback(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && (uri.IsLoopback || uri.Host == "0.0.0.0");
}
