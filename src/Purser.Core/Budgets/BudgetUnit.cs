namespace Purser.Budgets;

/// <summary>What a budget counts: US dollars or tokens (prompt + output, as the ledger's total_tokens).</summary>
public enum BudgetUnit
{
    Usd,
    Tokens,
}
