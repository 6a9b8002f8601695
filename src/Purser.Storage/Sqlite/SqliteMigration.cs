namespace Purser.Storage.Sqlite;

/// <summary>One schema step; applied once, in order, inside a transaction.</summary>
internal sealed record SqliteMigration(int Version, string Name, string Sql);
