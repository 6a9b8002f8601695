using System.Data.Common;

namespace Purser.Storage.Sql;

/// <summary>
/// A database the stores written once for both engines work on: SQLite (<see cref="Sqlite.SqliteDatabase"/>) or
/// PostgreSQL (<see cref="Postgres.PostgresDatabase"/>). Their SQL uses @name parameters and what both engines share;
/// <see cref="Dialect"/> says where they differ.
/// </summary>
internal interface ISqlDatabase
{
    SqlDialect Dialect { get; }

    /// <summary>Opens a pooled connection.</summary>
    DbConnection OpenConnection();
}
