using Microsoft.EntityFrameworkCore;

namespace Demo;

/// <summary>Orders.</summary>
public sealed class OrderQueries(DbContext db)
{
    /// <summary>Deletes an order (unsafe).</summary>
    public int Delete(string id) => db.Database.ExecuteSqlRaw($"DELETE FROM orders WHERE id = {id}");

    /// <summary>Deletes an order (parameterised by EF).</summary>
    public int DeleteSafely(string id) => db.Database.ExecuteSqlInterpolated($"DELETE FROM orders WHERE id = {id}");
}
