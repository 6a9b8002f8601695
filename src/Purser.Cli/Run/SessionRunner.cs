using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using Purser.Assistant.Calls;
using Purser.Cli.Hosting;
using Purser.Gateway;
using Purser.Sessions;

namespace Purser.Cli.Run;

/// <summary>
/// Runs one agent for one session: finds the command, picks the gateway (--server, one running at Purser:Run:Server,
/// or one in process), starts the session, starts the agent with the terminal untouched and signals forwarded, waits
/// for it, ends the session and prints its summary on standard error. Returns the agent's exit code (127 when the
/// command does not exist, 126 when it cannot be run, 2 for bad options, 130 when interrupted before the agent started).
/// </summary>
internal sealed class SessionRunner(CliEnvironment environment, TimeSpan monitorInterval)
{
    public const int CommandNotFound = 127;
    public const int CannotExecute = 126;
    public const int Interrupted = 130;

    /// <summary>Where a gateway is looked for when no --server is given (Purser:Run:Server; "none" = never).</summary>
    public const string DefaultServer = "http://127.0.0.1:4000";

    private TextWriter Error => environment.ErrorOutput();

    public async Task<int> RunAsync(RunRequest request, CancellationToken cancellationToken)
    {
        using var signals = new SignalForwarder();
        string command = request.Command[0];
        string? executable = CommandLocator.Find(command, environment.WorkingDirectory, environment.Variables("PATH"), environment.Variables("PATHEXT"));
        if (executable is null)
        {
            return Fail($"command not found: {command} (nothing by that name on PATH{(command.Contains('/', StringComparison.Ordinal) ? " or at that path" : "")}).", CommandNotFound);
        }

        if (!CommandLocator.IsExecutable(executable) || Directory.Exists(executable))
        {
            return Fail($"cannot run {command}: {executable} is not an executable file.", CannotExecute);
        }

        AgentProfile profile;
        string agentName = request.Agent ?? AgentProfile.NameOf(command);
        if (AgentProfile.Find(agentName) is { } known)
        {
            profile = request.Protocol is { } only ? known with { Protocols = [only] } : known;
        }
        else if (request.Protocol is { } protocol)
        {
            profile = AgentProfile.Other(agentName, protocol);
        }
        else
        {
            return Fail(
                $"'{agentName}' is not an agent purser run knows ({string.Join(", ", AgentProfile.Known.Select(p => p.Name))}): "
                + "say which API it speaks with --protocol openai|anthropic|gemini, or name the agent it is with --agent.",
                2);
        }

        await using ISessionHost host = await OpenHostAsync(request, cancellationToken);
        if (host.Providers.Count == 0 && request.Model is null)
        {
            return Fail($"{host.Description} has no model provider, so the agent's calls would fail. " + ModelChooser.NoProviderMessage(), 2);
        }

        SessionStart start = await host.StartAsync(new SessionRequest
        {
            Agent = profile.Name,
            Command = AgentProfile.NameOf(command),
            Repository = GitRoot.Find(environment.WorkingDirectory),
            Project = request.Project,
            Tags = [.. request.Tags],
            Model = request.Model,
            BudgetUsd = request.BudgetUsd,
            BudgetTokens = request.BudgetTokens,
        }, cancellationToken);
        string id = start.Session.Id;
        DirectoryInfo folder = Directory.CreateTempSubdirectory("purser-run-");
        int exitCode;
        bool reported = false;
        try
        {
            var settings = new LaunchSettings
            {
                GatewayUrl = host.Url,
                Key = start.Key,
                SessionId = id,
                Model = request.Model,
                Yolo = request.Yolo,
                Mcp = request.Mcp,
                ConfigFolder = folder.FullName,
            };
            AgentLaunch launch = AgentLaunchPlanner.Plan(profile, executable, request.Command.Skip(1).ToList(), settings, environment.Variables);
            WriteFiles(launch);
            foreach (string note in launch.Notes)
            {
                await Error.WriteLineAsync("purser: " + note);
            }

            await Error.WriteLineAsync($"purser: session {id} for {profile.Name} on {host.Description}"
                + (request.Model is { } model ? $", every model mapped to {model}" : "")
                + SessionSummaryText.Limits(request.BudgetUsd, request.BudgetTokens));
            (exitCode, reported) = signals.Interrupted ? (Interrupted, false) : await RunAgentAsync(launch, signals, host, id, cancellationToken);
        }
        finally
        {
            TryDelete(folder);
        }

        SessionSummary? summary = null;
        try
        {
            summary = await host.EndAsync(id, exitCode, CancellationToken.None);
        }
        catch (CliException ex)
        {
            await Error.WriteLineAsync($"purser: the session could not be closed: {ex.Message}");
        }

        if (summary is not null)
        {
            if (!reported && summary.Budget.Exhausted)
            {
                await Error.WriteLineAsync(SessionMonitor.Message(summary.Budget));
            }

            await Error.WriteAsync(SessionSummaryText.Render(summary));
            if (request.JsonFile is { } file)
            {
                string path = environment.FullPath(file);
                try
                {
                    await File.WriteAllTextAsync(path, JsonSerializer.Serialize(summary, SessionJsonContext.Default.SessionSummary) + "\n", CancellationToken.None);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    await Error.WriteLineAsync($"purser: cannot write {file}: {ex.Message}");
                }
            }
        }

        await Error.FlushAsync(CancellationToken.None);
        return exitCode;
    }

    private async Task<(int ExitCode, bool BudgetReported)> RunAgentAsync(AgentLaunch launch, SignalForwarder signals, ISessionHost host, string id, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(launch.FileName) { UseShellExecute = false, WorkingDirectory = environment.WorkingDirectory };
        foreach (string argument in launch.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string name in start.Environment.Keys.Where(k => launch.RemovedPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach ((string name, string? value) in launch.Environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("the process did not start");
        }
        catch (Win32Exception ex)
        {
            await Error.WriteLineAsync($"purser run: cannot run {launch.FileName}: {ex.Message}");
            return (CannotExecute, false);
        }

        using (process)
        {
            signals.Attach(process.Id);
            using var monitoring = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var monitor = new SessionMonitor(host, id, Error, TimeProvider.System, monitorInterval);
            Task watching = monitor.RunAsync(monitoring.Token);
            await process.WaitForExitAsync(CancellationToken.None);
            await monitoring.CancelAsync();
            await watching;
            return (process.ExitCode, monitor.Reported);
        }
    }

    private async Task<ISessionHost> OpenHostAsync(RunRequest request, CancellationToken cancellationToken)
    {
        string? key = request.Key ?? environment.Variables("PURSER_MASTER_KEY") ?? environment.Variables("PURSER_API_KEY");
        if (request.Server is { } server)
        {
            if (!Uri.TryCreate(server, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new CliException($"--server '{server}' is not an http(s) URL.", 2);
            }

            return await RemoteSessionHost.ConnectAsync(server, key, TimeSpan.FromSeconds(10), cancellationToken)
                ?? throw new CliException($"No Purser gateway answers at {server} (GET /health/ready). Start one with `purser serve`, or run without --server.");
        }

        if (!request.Local)
        {
            (Microsoft.Extensions.Configuration.IConfiguration configuration, _) = GatewayHost.LoadConfiguration(new GatewayHostSettings
            {
                ConfigFile = request.ConfigFile,
                Environment = environment.Variables,
                ReadEnvironmentConfiguration = environment.ReadEnvironmentConfiguration,
            });
            string configured = configuration["Purser:Run:Server"] is { Length: > 0 } value ? value : DefaultServer;
            if (!string.Equals(configured, "none", StringComparison.OrdinalIgnoreCase)
                && Uri.TryCreate(configured, UriKind.Absolute, out _)
                && await RemoteSessionHost.ConnectAsync(configured, key, TimeSpan.FromSeconds(1), cancellationToken) is { } found)
            {
                return found;
            }
        }

        return await InProcessSessionHost.StartAsync(environment, request.ConfigFile, cancellationToken);
    }

    private static void WriteFiles(AgentLaunch launch)
    {
        foreach ((string path, string content) in launch.Files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var writer = new StreamWriter(path, new System.Text.UTF8Encoding(false), options);
            writer.Write(content);
        }

        foreach ((string link, string target) in launch.Links)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(link)!);
            File.CreateSymbolicLink(link, target);
        }
    }

    private static void TryDelete(DirectoryInfo folder)
    {
        try
        {
            folder.Delete(recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private int Fail(string message, int code)
    {
        Error.WriteLine("purser run: " + message);
        return code;
    }
}
