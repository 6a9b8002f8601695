using Purser.Sessions;

namespace Purser.Cli.Run;

/// <summary>
/// Watches a running session and says on standard error, once, when its budget is used up: from then on the agent's
/// calls get the budget 429 in their protocol, and the user should know why the agent stalls.
/// </summary>
internal sealed class SessionMonitor(ISessionHost host, string id, TextWriter error, TimeProvider time, TimeSpan interval)
{
    /// <summary>Whether the message was written.</summary>
    public bool Reported { get; private set; }

    /// <summary>
    /// What the user is told when the budget refuses the agent's calls: that it is used up, or — while room is left — that
    /// a call was too large for it (its worst case, from the gateway's refusal, against what is left).
    /// </summary>
    public static string Message(SessionBudget budget) => budget.UsedUp || budget.LastRefusal is null
        ? $"purser: the session's budget is used up ({SessionSummaryText.Budget(budget)}): the agent's calls are now refused (429, budget_exceeded)."
        : $"purser: the agent's call is too large for what is left of the session's budget ({SessionSummaryText.Budget(budget)}): {budget.LastRefusal} "
            + "Calls whose worst case does not fit are refused before they go out (429, budget_exceeded): give the session a larger --budget (or --tokens), or map the agent to a cheaper model with --model.";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (!Reported && await timer.WaitForNextTickAsync(cancellationToken))
            {
                SessionSummary? summary;
                try
                {
                    summary = await host.SummaryAsync(id, cancellationToken);
                }
                catch (Hosting.CliException)
                {
                    continue;
                }

                if (summary?.Budget is { Exhausted: true } budget)
                {
                    Reported = true;
                    await error.WriteLineAsync(Message(budget));
                    await error.FlushAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
