namespace Purser.Sessions;

/// <summary>The body of POST /api/sessions/{id}/end: how the agent ended.</summary>
internal sealed class SessionEnd
{
    public int? ExitCode { get; set; }
}
