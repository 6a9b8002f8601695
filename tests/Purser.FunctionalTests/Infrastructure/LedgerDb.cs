using Microsoft.Data.Sqlite;

namespace Purser.FunctionalTests.Infrastructure;

/// <summary>Reads a gateway's ledger straight from its SQLite file, as an auditor would.</summary>
public static class LedgerDb
{
    public static string PathIn(string home) => Path.Combine(home, "purser.db");

    public static List<Dictionary<string, object?>> Rows(string home, string sql = "SELECT * FROM ledger ORDER BY id")
    {
        using var connection = new SqliteConnection($"Data Source={PathIn(home)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public static object? Scalar(string home, string sql) => Rows(home, sql).Single().Values.Single();

    /// <summary>A row's cost in dollars (stored as integer pico-dollars); null when unknown.</summary>
    public static decimal? Cost(Dictionary<string, object?> row) => row["cost_pico"] is long pico ? pico / 1_000_000_000_000m : null;
}
