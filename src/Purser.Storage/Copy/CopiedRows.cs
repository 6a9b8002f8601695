namespace Purser.Storage.Copy;

/// <summary>
/// How one table other than the ledger is copied (<see cref="SqliteToPostgresCopy"/>): its rows match the target's by
/// <paramref name="Key"/> (a row already there is left as it is, so a copy run again writes nothing new); an
/// <paramref name="Identity"/> column is numbered by the target, and the rows of a child table follow their parent
/// through <paramref name="Parent"/>.
/// </summary>
/// <param name="Table">The table (same name and columns on both engines).</param>
/// <param name="Key">The columns that say two rows are the same fact (compared NULL-safe).</param>
/// <param name="Identity">The id column the target numbers itself, or null when the key is the primary key.</param>
/// <param name="Parent">The column that holds a parent table's <paramref name="Identity"/>, and that table.</param>
/// <param name="Money">A column of pico-dollars summed on both sides to prove the copy, or null.</param>
/// <param name="Merge">A statement run after the insert that carries over what may have happened to a row already copied (target <c>t</c>, batch <c>c</c>).</param>
internal sealed record CopiedRows(string Table, string[] Key, string? Identity = null, (string Column, string Table)? Parent = null, string? Money = null, string? Merge = null);
