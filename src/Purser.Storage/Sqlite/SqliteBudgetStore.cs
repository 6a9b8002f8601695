using System.Text.Json;
using Microsoft.Data.Sqlite;
using Purser.Budgets;

namespace Purser.Storage.Sqlite;

/// <summary>Budgets managed through the API and CLI, one JSON definition per name.</summary>
public sealed class SqliteBudgetStore(SqliteDatabase database, TimeProvider time) : IBudgetStore
{
    public IReadOnlyList<KeyValuePair<string, BudgetItemOptions>> List()
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT name, definition FROM budgets ORDER BY name;";
        using SqliteDataReader reader = command.ExecuteReader();
        var items = new List<KeyValuePair<string, BudgetItemOptions>>();
        while (reader.Read())
        {
            if (JsonSerializer.Deserialize(reader.GetString(1), BudgetJsonContext.Default.BudgetItemOptions) is { } item)
            {
                items.Add(new(reader.GetString(0), item));
            }
        }

        return items;
    }

    public void Upsert(string name, BudgetItemOptions item)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO budgets (name, definition, updated_ms) VALUES ($name, $definition, $now)
            ON CONFLICT(name) DO UPDATE SET definition = excluded.definition, updated_ms = excluded.updated_ms;
            """;
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$definition", JsonSerializer.Serialize(item, BudgetJsonContext.Default.BudgetItemOptions));
        command.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    public bool Delete(string name)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "DELETE FROM budgets WHERE name = $name;";
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteNonQuery() == 1;
    }
}
