using System.Text;
using Purser.Assistant.Calls;
using Purser.Assistant.Limits;

namespace Purser.Assistant.Architecture;

/// <summary><c>purser architect</c> and <c>POST /api/architecture</c>: a design document in markdown from the <c>architecture</c> prompt.</summary>
internal sealed class ArchitectureDesigner(AssistantRunner runner, AnalysisLimits limits)
{
    public const string Operation = "architecture";
    public const string PromptName = "architecture";

    /// <summary>Refuses an empty or oversized request; null when it may be sent.</summary>
    public LimitViolation? Check(ArchitectureRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Request))
        {
            return new LimitViolation(400, "empty_request", "Describe what to design: the request is empty.");
        }

        long bytes = Encoding.UTF8.GetByteCount(request.Request) + Encoding.UTF8.GetByteCount(request.TechStack ?? "")
            + Encoding.UTF8.GetByteCount(request.Scale ?? "") + Encoding.UTF8.GetByteCount(request.Database ?? "");
        return limits.CheckSize(bytes, "The architecture request");
    }

    /// <summary>Sends the request; the caller checks it first with <see cref="Check"/>.</summary>
    public Task<AssistantCall> DesignAsync(ArchitectureRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal) { ["request"] = request.Request.Trim() };
        AddIfGiven(variables, "tech_stack", request.TechStack);
        AddIfGiven(variables, "scale", request.Scale);
        AddIfGiven(variables, "database", request.Database);
        return runner.RunAsync(
            new AssistantCallRequest { Operation = Operation, PromptName = PromptName, Model = request.Model, Origin = request.Origin, Cache = request.Cache, Variables = variables },
            cancellationToken);
    }

    private static void AddIfGiven(Dictionary<string, string> variables, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            variables[name] = value.Trim(); // otherwise the prompt's default ("not specified: recommend …")
        }
    }
}
