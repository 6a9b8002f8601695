namespace Purser.Storage.Sql;

/// <summary>Where the SQL of the two engines differs.</summary>
internal sealed class SqlDialect
{
    public static readonly SqlDialect Sqlite = new()
    {
        Name = "sqlite",
        DayOfMs = ms => $"date({ms} / 1000, 'unixepoch')",
        Sum = expression => $"SUM({expression})",
        CaseInsensitive = column => $"{column} COLLATE NOCASE",
        Concat = "group_concat",
    };

    public static readonly SqlDialect Postgres = new()
    {
        Name = "postgres",
        DayOfMs = ms => $"to_char(to_timestamp({ms} / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
        Sum = expression => $"SUM({expression})::bigint",
        CaseInsensitive = column => $"lower({column})",
        Concat = "string_agg",
    };

    public required string Name { get; init; }

    /// <summary>The UTC day (yyyy-MM-dd) of an epoch-milliseconds expression.</summary>
    public required Func<string, string> DayOfMs { get; init; }

    /// <summary>A sum that reads back as a 64-bit integer (PostgreSQL sums bigint as numeric).</summary>
    public required Func<string, string> Sum { get; init; }

    /// <summary>A text column compared without regard to case (both sides get it).</summary>
    public required Func<string, string> CaseInsensitive { get; init; }

    /// <summary>The string-joining aggregate (group_concat / string_agg, both taking the separator second).</summary>
    public required string Concat { get; init; }

    public bool IsPostgres => ReferenceEquals(this, Postgres);
}
