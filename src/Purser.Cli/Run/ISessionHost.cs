using Purser.Sessions;

namespace Purser.Cli.Run;

/// <summary>The gateway a session runs on: one started in process for the session, or a running one (--server).</summary>
internal interface ISessionHost : IAsyncDisposable
{
    /// <summary>The gateway's root URL (no trailing slash).</summary>
    string Url { get; }

    /// <summary>For messages: "a gateway in process on …" or "the gateway at …".</summary>
    string Description { get; }

    /// <summary>The configured model providers, the built-in simulated one aside.</summary>
    IReadOnlyList<string> Providers { get; }

    /// <exception cref="Hosting.CliException">The gateway refused the session (the message says why).</exception>
    Task<SessionStart> StartAsync(SessionRequest request, CancellationToken cancellationToken);

    Task<SessionSummary?> SummaryAsync(string id, CancellationToken cancellationToken);

    Task<SessionSummary?> EndAsync(string id, int? exitCode, CancellationToken cancellationToken);
}
