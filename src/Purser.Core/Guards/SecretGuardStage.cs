using Microsoft.Extensions.Logging;
using Purser.Errors;
using Purser.Pipeline;

namespace Purser.Guards;

/// <summary>
/// Scans every outgoing prompt for credentials before anything else sees it: blocks (400 naming the kind and
/// place, never the value), redacts in place (canonical request and raw body alike) or warns, per the
/// policy of the caller's key and project (a project the caller only claims can tighten it, never loosen it). Who the
/// call is for is cleaned of secrets before anything stores it (<see cref="AttributionGuard"/>). Only the summary is
/// logged, never a secret.
/// </summary>
internal sealed partial class SecretGuardStage(SecretGuard guard, ILogger<SecretGuardStage> logger) : IRequestStage
{
    public int Order => StageOrder.Guard;

    public ValueTask InvokeAsync(PurserContext context, CancellationToken cancellationToken)
    {
        SecretGuardPolicy policy = guard.Resolve(context.Attribution.Project, context.Attribution.KeyId, context.Attribution.ProjectBound);
        AttributionGuard.Redact(context.Attribution, policy.Scanner);
        SecretGuardResult result = guard.Apply(context.Request, policy);
        if (result.Findings.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        LogFindings(logger, context.RequestId, result.Action.ToString().ToLowerInvariant(), result.Summary);
        context.Guard = $"{result.Action.ToString().ToLowerInvariant()}; {result.Summary}";
        context.ResponseHeaders["x-purser-guard"] = context.Guard;
        if (result.IsBlocked)
        {
            context.Error = new PurserError(ErrorKind.GuardBlocked, 400, result.Message) { Code = "secret_detected" };
        }
        else
        {
            context.Warnings.Add($"Secret guard {result.Action.ToString().ToLowerInvariant()}: {result.Summary}");
        }

        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Request {RequestId}: secret guard {Action} ({Summary})")]
    private static partial void LogFindings(ILogger logger, string requestId, string action, string summary);
}
