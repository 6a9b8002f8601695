namespace Purser.Budgets;

/// <summary>What a budget counts: US dollars or tokens (prompt + output, as the ledger's total_tokens).</summary>
internal enum BudgetUnit
{
    Usd,
    Tokens,
}
