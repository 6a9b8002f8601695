using System.ComponentModel;
using System.Text;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Purser.Assistant.Analysis;
using Purser.Assistant.Architecture;
using Purser.Assistant.Calls;
using Purser.Assistant.Debugging;
using Purser.Assistant.Files;
using Purser.Assistant.Json;
using Purser.Assistant.Languages;
using Purser.Assistant.Limits;
using Purser.Assistant.Review;
using Purser.Budgets;
using Purser.Reports;
using Purser.Sessions;

namespace Purser.Gateway.Mcp;

/// <summary>
/// Purser's assistant as MCP tools for coding agents (<c>purser mcp</c> over stdio, <c>/mcp</c> over streamable HTTP).
/// Every model call goes through the same services and pipeline as the CLI and the HTTP API — priced, budgeted and in
/// the ledger (origin "mcp") — charged to the caller's virtual key when it has one (a <c>purser run</c> session's).
/// A tool that cannot do its work answers with isError and a message that says why.
/// </summary>
[McpServerToolType]
internal sealed class PurserMcpTools(
    McpCaller caller,
    CodeReviewer reviewer,
    FileAnalyzer analyzer,
    ErrorDebugger debugger,
    ArchitectureDesigner designer,
    AnalysisLimits limits,
    CostReporter reporter,
    BudgetManager budgets,
    SessionService sessions)
{
    public const string Origin = "mcp";

    /// <summary>The tools' names, as agents see them.</summary>
    public static readonly IReadOnlyList<string> Names = ["review_diff", "analyze_file", "debug_error", "design_architecture", "costs", "budget_status", "validate_code", "generate_code"];

    [McpServerTool(Name = "review_diff", ReadOnly = true, OpenWorld = false)]
    [Description("Review a unified diff (git diff output) for bugs, security problems and style; answers findings with severity, file and line, and what the review cost.")]
    public async Task<CallToolResult> ReviewDiffAsync(
        [Description("The unified diff to review, as `git diff` prints it")] string diff,
        [Description("The model to use: an alias (cheap, smart, fast) or provider/model; default: Purser's choice for reviews")] string? model = null,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(diff))
        {
            return Fail("invalid_request_error", "'diff' must not be empty: pass the output of `git diff`.");
        }

        if (limits.CheckSize(Encoding.UTF8.GetByteCount(diff), "'diff'") is { } tooLarge)
        {
            return Refuse(tooLarge);
        }

        using AssistantCaller.Scope scope = AssistantCaller.Use(caller.Key);
        ReviewOutcome outcome = await reviewer.ReviewDiffAsync(diff, new ReviewRequest { Model = model, Origin = Origin }, cancellationToken);
        return outcome.Refusal is { } refusal ? Refuse(refusal)
            : outcome.Error is { } error ? Fail(error)
            : Ok(AssistantJson.Write(AnswerEnvelope.FromReview(outcome.Result!)));
    }

    [McpServerTool(Name = "analyze_file", ReadOnly = true, OpenWorld = false)]
    [Description("Score one source file (quality, security, performance, maintainability, 0-10) and list its issues with line numbers. Pass the file's content; over stdio a path alone is read from disk.")]
    public async Task<CallToolResult> AnalyzeFileAsync(
        [Description("The file's path (names it and tells its language)")] string path,
        [Description("The file's content (required over HTTP; over stdio the file at 'path' is read when omitted)")] string? content = null,
        [Description("The model to use: an alias (cheap, smart, fast) or provider/model; default: Purser's choice")] string? model = null,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return Fail("invalid_request_error", "'path' must not be empty.");
        }

        SourceFile file;
        if (content is not null)
        {
            file = SourceFile.FromText(path, content, null);
        }
        else if (caller.OverHttp)
        {
            return Fail("invalid_request_error", "'content' is required over HTTP: the gateway does not read files from its own disk.");
        }
        else
        {
            try
            {
                file = SourceFileReader.Read(Path.GetFullPath(path), path, limits.MaxCodeBytes);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Fail("invalid_request_error", $"Cannot read {path}: {ex.Message}");
            }
        }

        using AssistantCaller.Scope scope = AssistantCaller.Use(caller.Key);
        FileAnalysisOutcome outcome = await analyzer.AnalyzeAsync(file, new FileAnalysisRequest { Model = model, Origin = Origin }, cancellationToken);
        return outcome.Refusal is { } refusal ? Refuse(refusal)
            : outcome.Error is { } error ? Fail(error)
            : Ok(AssistantJson.Serialize(outcome.Analysis!));
    }

    [McpServerTool(Name = "debug_error", ReadOnly = true, OpenWorld = false)]
    [Description("Explain an error (stack trace, compiler or test output) in the code that raised it: root cause, fix, and a corrected snippet.")]
    public async Task<CallToolResult> DebugErrorAsync(
        [Description("The error output: stack trace, compiler error or failing test log")] string error,
        [Description("The code the error comes from")] string code,
        [Description("The code's file name (tells its language)")] string? file = null,
        [Description("The language, when the file name does not tell it")] string? language = null,
        [Description("The model to use: an alias (cheap, smart, fast) or provider/model; default: Purser's choice")] string? model = null,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(error) || string.IsNullOrWhiteSpace(code))
        {
            return Fail("invalid_request_error", string.IsNullOrWhiteSpace(error) ? "'error' must not be empty." : "'code' must not be empty.");
        }

        string name = string.IsNullOrWhiteSpace(file) ? "snippet" : file;
        if (limits.CheckSize(Encoding.UTF8.GetByteCount(code), "'code'") is { } tooLarge)
        {
            return Refuse(tooLarge);
        }

        if (CheckLanguage(language, name, code, out Language? detected) is { } refused)
        {
            return Refuse(refused);
        }

        using AssistantCaller.Scope scope = AssistantCaller.Use(caller.Key);
        DebugOutcome outcome = await debugger.DebugAsync(SourceFile.FromText(name, code, detected), error, model, Origin, cancellationToken);
        return outcome.Refusal is { } refusal ? Refuse(refusal)
            : outcome.Error is { } failed ? Fail(failed)
            : Ok(AssistantJson.Write(AnswerEnvelope.FromDebug(outcome.Call!, outcome.Result!)));
    }

    [McpServerTool(Name = "design_architecture", ReadOnly = true, OpenWorld = false)]
    [Description("Design a system's architecture for a requirement: components, data model, technology choices and trade-offs.")]
    public async Task<CallToolResult> DesignArchitectureAsync(
        [Description("What to build")] string request,
        [Description("The technology stack to use, e.g. 'C#, ASP.NET Core, PostgreSQL'")] string? stack = null,
        [Description("The expected scale, e.g. '10k users'")] string? scale = null,
        [Description("The database, if chosen")] string? database = null,
        [Description("The model to use: an alias (cheap, smart, fast) or provider/model; default: Purser's choice")] string? model = null,
        CancellationToken cancellationToken = default)
    {
        var spec = new ArchitectureRequest { Request = request ?? "", TechStack = stack, Scale = scale, Database = database, Model = model, Origin = Origin };
        if (designer.Check(spec) is { } refusal)
        {
            return Refuse(refusal);
        }

        using AssistantCaller.Scope scope = AssistantCaller.Use(caller.Key);
        AssistantCall call = await designer.DesignAsync(spec, cancellationToken);
        return call.Error is { } error ? Fail(error) : Ok(AssistantJson.Write(AnswerEnvelope.FromCall(call)));
    }

    [McpServerTool(Name = "costs", ReadOnly = true, OpenWorld = false, Idempotent = true)]
    [Description("What was spent, from Purser's ledger. With a session's key: that session's calls, tokens and cost by model. Otherwise: totals for 24h, 7d, 30d and all time, and the chosen period grouped by model, provider, project, agent, operation, repository, key, user, tag or day; or one session's figures.")]
    public async Task<CallToolResult> CostsAsync(
        [Description("The period to report: 24h, 7d, 30d or all (default 24h)")] string? period = null,
        [Description("Group the period's spend by: model (default), provider, project, agent, operation, repository, key, user, tag or day")] string? group_by = null,
        [Description("A purser run session's id: that session's figures")] string? session = null,
        CancellationToken cancellationToken = default)
    {
        if (caller.Key is not null || session is not null)
        {
            return await SessionAsync(session, static summary => JsonSerializer.Serialize(summary, SessionJsonContext.Default.SessionSummary), cancellationToken);
        }

        string chosen = string.IsNullOrWhiteSpace(period) ? "24h" : period.Trim().ToLowerInvariant();
        if (!ReportPeriod.Names.Contains(chosen))
        {
            return Fail("invalid_request_error", $"'period' must be one of {string.Join(", ", ReportPeriod.Names)} (got '{period}').");
        }

        if (!CostReporter.TryParseGrouping(string.IsNullOrWhiteSpace(group_by) ? "model" : group_by.Trim(), out ReportGrouping? grouping))
        {
            return Fail("invalid_request_error", $"'group_by' must be one of {string.Join(", ", Enum.GetNames<ReportGrouping>().Select(n => n.ToLowerInvariant()))} (got '{group_by}').");
        }

        return Ok(CostReporter.ToJson(await reporter.SummaryAsync(chosen, grouping, 0, cancellationToken)));
    }

    [McpServerTool(Name = "budget_status", ReadOnly = true, OpenWorld = false, Idempotent = true)]
    [Description("How much budget is left. With a session's key: that session's limit, used and left in dollars and tokens. Otherwise: every configured budget's spend, limit and state; or one session's.")]
    public async Task<CallToolResult> BudgetStatusAsync(
        [Description("A purser run session's id: that session's budget")] string? session = null,
        CancellationToken cancellationToken = default)
    {
        if (caller.Key is not null || session is not null)
        {
            return await SessionAsync(session, static summary => JsonSerializer.Serialize(summary.Budget, SessionJsonContext.Default.SessionBudget), cancellationToken);
        }

        return Ok(JsonSerializer.Serialize([.. budgets.Status()], BudgetJsonContext.Default.ListBudgetStatus));
    }

    /// <summary>
    /// A session's figures: a virtual key sees only its own session (the <paramref name="id"/> it names must be its own),
    /// the master key and the local user any session.
    /// </summary>
    private async Task<CallToolResult> SessionAsync(string? id, Func<SessionSummary, string> write, CancellationToken cancellationToken)
    {
        if (caller.Key is { } key)
        {
            if (id is not null && !string.Equals(id, key.Id, StringComparison.Ordinal))
            {
                return Fail("permission_error", "A virtual key sees only its own session's figures; the master key sees any.");
            }

            id = key.Id;
        }

        return await sessions.SummaryAsync(id!.Trim(), cancellationToken) is { } summary
            ? Ok(write(summary))
            : Fail("not_found_error", caller.Key is not null
                ? "This key is not a purser run session's, so it has no session figures; ask the operator (the master key) for the gateway's costs."
                : $"There is no session with id '{id}'.");
    }

    private LimitViolation? CheckLanguage(string? name, string path, string code, out Language? language)
    {
        string? effective = string.IsNullOrWhiteSpace(name) ? LanguageDetector.Detect(path, SourceFile.FirstLine(code))?.Id : name;
        return limits.CheckLanguage(effective, out language);
    }

    private static CallToolResult Ok(string json) => McpResults.Ok(json);

    private static CallToolResult Refuse(LimitViolation violation) => McpResults.Refuse(violation);

    private static CallToolResult Fail(AssistantError error) => McpResults.Fail(error);

    private static CallToolResult Fail(string kind, string message) => McpResults.Fail(kind, message);
}
