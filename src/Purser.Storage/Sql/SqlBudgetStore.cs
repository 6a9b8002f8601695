using System.Data.Common;
using System.Text.Json;
using Purser.Budgets;

namespace Purser.Storage.Sql;

/// <summary>Budgets managed through the API and CLI, one JSON definition per name (table budgets).</summary>
internal abstract class SqlBudgetStore(ISqlDatabase database, TimeProvider time) : IBudgetStore
{
    public IReadOnlyList<KeyValuePair<string, BudgetItemOptions>> List()
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command("SELECT name, definition FROM budgets ORDER BY name;");
        using DbDataReader reader = command.ExecuteReader();
        var items = new List<KeyValuePair<string, BudgetItemOptions>>();
        while (reader.Read())
        {
            if (JsonSerializer.Deserialize(reader.GetString(1), BudgetJsonContext.Default.BudgetItemOptions) is { } item)
            {
                items.Add(new(reader.GetString(0), item));
            }
        }

        return [.. items.OrderBy(i => i.Key, StringComparer.Ordinal)];
    }

    public void Upsert(string name, BudgetItemOptions item)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command("""
            INSERT INTO budgets (name, definition, updated_ms) VALUES (@name, @definition, @now)
            ON CONFLICT(name) DO UPDATE SET definition = excluded.definition, updated_ms = excluded.updated_ms;
            """)
            .Text("@name", name).Text("@definition", JsonSerializer.Serialize(item, BudgetJsonContext.Default.BudgetItemOptions))
            .Long("@now", time.GetUtcNow().ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    public bool Delete(string name)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command("DELETE FROM budgets WHERE name = @name;").Text("@name", name);
        return command.ExecuteNonQuery() == 1;
    }
}
