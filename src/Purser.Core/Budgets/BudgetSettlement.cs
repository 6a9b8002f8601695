namespace Purser.Budgets;

/// <summary>
/// What one call does to the budget counters shared by every instance (PostgreSQL): the holds of its reservation
/// released and its cost added, per counter. It travels with the call's ledger row and is applied in the same
/// transaction, so a counter's spend is exactly what the ledger rows written against it cost.
/// </summary>
/// <param name="Reservation">The reservation whose holds are released; null for a call that reserved nothing.</param>
/// <param name="Counters">The shared counters' ids.</param>
/// <param name="Amounts">Per counter, what the call cost in its unit.</param>
/// <param name="Unpriced">Per counter, 1 when a soft dollar budget counts the call as unpriced.</param>
public sealed record BudgetSettlement(Guid? Reservation, long[] Counters, long[] Amounts, long[] Unpriced);
