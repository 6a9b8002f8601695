namespace Demo;

/// <summary>Database settings.</summary>
public static class Database
{
    /// <summary>The connection string.</summary>
    public const string ConnectionString = "Server=db.internal;Database=shop;User Id=admin;Password=Tr0ub4dor-and-3;";
}
