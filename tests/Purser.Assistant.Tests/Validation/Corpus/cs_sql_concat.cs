using Microsoft.Data.SqlClient;

namespace Demo;

/// <summary>Users.</summary>
public sealed class UserStore(SqlConnection connection)
{
    /// <summary>Finds a user by name.</summary>
    public SqlCommand Find(string name)
    {
        string sql = "SELECT id, name FROM users WHERE name = '" + name + "'";
        return new SqlCommand(sql, connection);
    }
}
