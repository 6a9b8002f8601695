using System.Data;
using System.Data.Common;

namespace Purser.Storage.Sql;

/// <summary>Parameters with their types, so a null is typed for PostgreSQL too.</summary>
internal static class SqlCommands
{
    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static DbCommand Text(this DbCommand command, string name, string? value) => command.Add(name, DbType.String, value);

    public static DbCommand Long(this DbCommand command, string name, long? value) => command.Add(name, DbType.Int64, value);

    public static DbCommand Int(this DbCommand command, string name, int? value) => command.Add(name, DbType.Int32, value);

    public static DbCommand Real(this DbCommand command, string name, double? value) => command.Add(name, DbType.Double, value);

    public static DbCommand Bytes(this DbCommand command, string name, byte[]? value) => command.Add(name, DbType.Binary, value);

    /// <summary>A 0/1 flag (smallint in PostgreSQL, integer in SQLite).</summary>
    public static DbCommand Flag(this DbCommand command, string name, bool value) => command.Add(name, DbType.Int16, value ? (short)1 : (short)0);

    public static DbCommand Add(this DbCommand command, string name, DbType type, object? value)
    {
        DbParameter parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    public static string? TextOrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long LongOrZero(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? 0 : Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public static long? LongOrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public static bool Flag(this DbDataReader reader, int ordinal) => !reader.IsDBNull(ordinal) && Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture) != 0;
}
