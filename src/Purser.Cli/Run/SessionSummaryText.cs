using System.Globalization;
using System.Text;
using Purser.Pricing;
using Purser.Sessions;

namespace Purser.Cli.Run;

/// <summary>A session's summary as plain text (standard error at the end of <c>purser run</c>, and <c>purser sessions show</c>).</summary>
internal static class SessionSummaryText
{
    public static string Render(SessionSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        SessionRecord session = summary.Session;
        SessionFigures f = summary.Figures;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"purser: session {session.Id} ({session.Agent}) ");
        text.Append(summary.Active ? "running for " : "ran ").Append(Duration(summary.DurationSeconds));
        if (session.ExitCode is int code)
        {
            text.Append(CultureInfo.InvariantCulture, $", exit code {code}");
        }

        text.Append('\n');
        if (session.Repository is not null || session.Project is not null || session.Model is not null)
        {
            var about = new List<string>();
            if (session.Repository is { } repository)
            {
                about.Add("repository " + repository);
            }

            if (session.Project is { } project)
            {
                about.Add("project " + project);
            }

            if (session.Model is { } model)
            {
                about.Add("model " + model);
            }

            Line(text, "session", string.Join(", ", about));
        }

        var calls = new List<string>();
        if (f.Errors - f.BudgetRefusals > 0)
        {
            calls.Add(Count(f.Errors - f.BudgetRefusals) + " failed");
        }

        if (f.BudgetRefusals > 0)
        {
            calls.Add(Count(f.BudgetRefusals) + " refused by the budget");
        }

        Line(text, "calls", Count(f.Calls) + (calls.Count > 0 ? " (" + string.Join(", ", calls) + ")" : ""));
        Line(text, "tokens", $"{Count(f.InputTokens)} in ({Count(f.CachedTokens)} cached), {Count(f.OutputTokens)} out"
            + (f.ReasoningTokens > 0 ? $" ({Count(f.ReasoningTokens)} reasoning)" : ""));
        Line(text, "cost", CostFormatter.Format(f.CostUsd) + (f.UnknownCostCalls > 0 ? $" (+ {Count(f.UnknownCostCalls)} calls without a price)" : ""));
        int width = f.ByModel.Count == 0 ? 0 : f.ByModel.Max(m => m.Model.Length);
        foreach (SessionModelFigures model in f.ByModel)
        {
            Line(text, "", $"{model.Model.PadRight(width)}  {Count(model.Calls),6} calls  {Count(model.InputTokens)} in / {Count(model.OutputTokens)} out  {CostFormatter.Format(model.CostUsd)}");
        }

        Line(text, "saved", $"{CostFormatter.Format(f.CacheSavedUsd)} by the cache ({Count(f.CacheHits)} hits), {CostFormatter.Format(f.TemplateSavedUsd)} by templates ({Count(f.TemplateHits)} hits)");
        Line(text, "budget", Budget(summary.Budget));
        Line(text, "details", "purser sessions show " + session.Id);
        return text.ToString();
    }

    /// <summary>"$0.0421 of $2.00 used, $1.9579 left; 4,000 of 10,000 tokens used, 6,000 left", or "none".</summary>
    public static string Budget(SessionBudget budget)
    {
        var parts = new List<string>();
        if (budget.LimitUsd is decimal limit)
        {
            parts.Add($"{CostFormatter.Format(budget.UsedUsd)} of {CostFormatter.Format(limit)} used, {CostFormatter.Format(budget.LeftUsd ?? 0)} left");
        }

        if (budget.LimitTokens is long tokens)
        {
            parts.Add($"{Count(budget.UsedTokens)} of {Count(tokens)} tokens used, {Count(budget.LeftTokens ?? 0)} left");
        }

        return parts.Count == 0 ? "none (no --budget or --tokens)" : string.Join("; ", parts);
    }

    /// <summary>", budget $2.00 and 100,000 tokens", or "" without limits.</summary>
    public static string Limits(decimal? usd, long? tokens)
    {
        List<string> limits = [.. new[] { usd is decimal d ? CostFormatter.Format(d) : null, tokens is long t ? Count(t) + " tokens" : null }.OfType<string>()];
        return limits.Count == 0 ? "" : ", budget " + string.Join(" and ", limits);
    }

    public static string Duration(double seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Round(seconds));
        return span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes}m"
            : span.TotalMinutes >= 1 ? $"{span.Minutes}m {span.Seconds}s"
            : string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0}s");
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, string label, string value) =>
        text.Append("  ").Append(label.PadRight(8)).Append(' ').Append(value).Append('\n');
}
