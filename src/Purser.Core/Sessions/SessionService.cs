using Purser.Budgets;
using Purser.Keys;
using Purser.Ledger;

namespace Purser.Sessions;

/// <summary>
/// <c>purser run</c> sessions — one implementation for the CLI in process and the admin API (/api/sessions). A session
/// is a fresh virtual key carrying the session's attribution (agent, repository, project, tags) and model mapping, with
/// hard budgets of its own (window total) in dollars and/or tokens; its id is the key's id, so its calls are the ledger
/// rows with that key_id. Ending it revokes the key and removes its budgets; its figures always come from the ledger.
/// </summary>
internal sealed class SessionService(KeyService keys, BudgetManager budgets, ISessionStore store, LedgerWriter ledger, TimeProvider time)
{
    public const int MaxAgentLength = 100;

    /// <summary>The name of a session's token budget (its dollar budget is the key's own, <see cref="KeyService.BudgetName"/>).</summary>
    public static string TokenBudgetName(string id) => KeyService.BudgetName(id) + "-tokens";

    /// <summary>Starts a session: its key, its budgets, its record. Returns the errors instead when the request is not valid.</summary>
    public (SessionStart? Started, IReadOnlyList<string> Errors) Start(SessionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<string>();
        string? agent = request.Agent?.Trim();
        if (string.IsNullOrEmpty(agent) || agent.Length > MaxAgentLength)
        {
            errors.Add($"'agent' is required (1-{MaxAgentLength} characters).");
        }

        if (request.BudgetUsd is <= 0)
        {
            errors.Add($"'budget_usd' must be a positive amount of dollars (got {request.BudgetUsd}).");
        }

        if (request.BudgetTokens is <= 0)
        {
            errors.Add($"'budget_tokens' must be a positive number of tokens (got {request.BudgetTokens}).");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        DateTimeOffset now = time.GetUtcNow();
        (KeyView? key, IReadOnlyList<string> keyErrors) = keys.Create(new KeyRequest
        {
            Name = $"session {(agent!.Length > 60 ? agent[..60] : agent)} {now:yyyy-MM-dd HH:mm:ss}Z",
            Agent = agent,
            Project = request.Project,
            Repository = request.Repository,
            Tags = request.Tags,
            Model = request.Model,
        });
        if (key is null)
        {
            return (null, keyErrors);
        }

        var budgetErrors = new List<string>();
        if (request.BudgetUsd is decimal dollars)
        {
            SetBudget(KeyService.BudgetName(key.Id), key.Id, dollars, "usd", budgetErrors);
        }

        if (request.BudgetTokens is long tokens)
        {
            SetBudget(TokenBudgetName(key.Id), key.Id, tokens, "tokens", budgetErrors);
        }

        if (budgetErrors.Count > 0)
        {
            Release(key.Id);
            return (null, budgetErrors);
        }

        var session = new SessionRecord
        {
            Id = key.Id,
            Agent = agent!,
            Command = Blank(request.Command),
            Repository = key.Repository,
            Project = key.Project,
            Tags = key.Tags,
            Model = key.Model,
            BudgetUsd = request.BudgetUsd,
            BudgetTokens = request.BudgetTokens,
            StartedAt = now,
        };
        store.Insert(session);
        return (new SessionStart { Session = session, Key = key.Key! }, []);
    }

    /// <summary>
    /// Ends a session: its key is revoked and its budgets removed, then the ledger is flushed and summed. Ending an ended
    /// session changes nothing and returns its summary; null when there is no such session.
    /// </summary>
    public async Task<SessionSummary?> EndAsync(string id, int? exitCode, CancellationToken cancellationToken)
    {
        if (store.Find(id) is not { } session)
        {
            return null;
        }

        if (session.EndedAt is null)
        {
            Release(id);
            store.End(id, time.GetUtcNow(), exitCode);
        }

        return await SummaryAsync(id, cancellationToken);
    }

    /// <summary>The session's figures from the ledger (rows queued so far included); null when there is no such session.</summary>
    public async Task<SessionSummary?> SummaryAsync(string id, CancellationToken cancellationToken)
    {
        if (store.Find(id) is not { } session)
        {
            return null;
        }

        await ledger.FlushAsync(cancellationToken);
        return Summarize(session);
    }

    /// <summary>The most recent sessions, with their figures.</summary>
    public async Task<IReadOnlyList<SessionSummary>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await ledger.FlushAsync(cancellationToken);
        return [.. store.List(limit).Select(Summarize)];
    }

    private SessionSummary Summarize(SessionRecord session)
    {
        SessionFigures figures = store.Figures(session.Id);
        long usedTokens = figures.InputTokens + figures.OutputTokens;
        var budget = new SessionBudget
        {
            LimitUsd = session.BudgetUsd,
            UsedUsd = figures.CostUsd,
            LeftUsd = session.BudgetUsd is decimal limit ? Math.Max(0, limit - figures.CostUsd) : null,
            LimitTokens = session.BudgetTokens,
            UsedTokens = usedTokens,
            LeftTokens = session.BudgetTokens is long tokens ? Math.Max(0, tokens - usedTokens) : null,
            Exhausted = figures.BudgetRefusals > 0
                || (session.BudgetUsd is decimal l && figures.CostUsd >= l)
                || (session.BudgetTokens is long t && usedTokens >= t),
            LastRefusal = figures.LastRefusal,
        };
        DateTimeOffset end = session.EndedAt ?? time.GetUtcNow();
        return new SessionSummary
        {
            Session = session,
            Figures = figures,
            Budget = budget,
            DurationSeconds = Math.Max(0, (end - session.StartedAt).TotalSeconds),
            Active = session.EndedAt is null,
        };
    }

    private void SetBudget(string name, string keyId, decimal limit, string unit, List<string> errors)
    {
        BudgetChange change = budgets.Set(name, new BudgetItemOptions { Scope = "key", Match = keyId, Window = "total", Unit = unit, Limit = limit, Mode = "hard" });
        if (change.Outcome != BudgetChangeOutcome.Done)
        {
            errors.AddRange(change.Errors);
        }
    }

    /// <summary>Revokes the key and removes its budgets (those that exist).</summary>
    private void Release(string id)
    {
        keys.Revoke(id);
        foreach (string name in (ReadOnlySpan<string>)[KeyService.BudgetName(id), TokenBudgetName(id)])
        {
            if (budgets.List().Any(b => b.Name == name))
            {
                budgets.Remove(name);
            }
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
