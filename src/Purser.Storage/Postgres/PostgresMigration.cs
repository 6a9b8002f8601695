namespace Purser.Storage.Postgres;

/// <summary>One schema step of the PostgreSQL database; applied once, in order, inside a transaction.</summary>
internal sealed record PostgresMigration(int Version, string Name, string Sql);
