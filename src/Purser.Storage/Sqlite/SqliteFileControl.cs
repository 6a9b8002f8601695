using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Purser.Storage.Sqlite;

/// <summary>
/// Asks SQLite whether a connection's database file is still the file at its path (SQLITE_FCNTL_HAS_MOVED: on Unix
/// SQLite compares the open file's inode with the path's). Microsoft.Data.Sqlite does not expose file controls, so
/// this calls the e_sqlite3 library it loads.
/// </summary>
internal static class SqliteFileControl
{
    private const int HasMovedOp = 20; // SQLITE_FCNTL_HAS_MOVED
    private static readonly byte[] Main = "main\0"u8.ToArray();
    private static bool s_unavailable;

    /// <summary>True when the file was moved, replaced or unlinked; null when this SQLite cannot tell.</summary>
    public static bool? HasMoved(SqliteConnection connection)
    {
        if (s_unavailable || connection.Handle is not { } handle)
        {
            return null;
        }

        try
        {
            int moved = 0;
            int result = NativeMethods.FileControl(handle.DangerousGetHandle(), Main, HasMovedOp, ref moved);
            return result == 0 ? moved != 0 : null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            s_unavailable = true;
            return null;
        }
    }

    private static class NativeMethods
    {
        [DllImport("e_sqlite3", EntryPoint = "sqlite3_file_control", CallingConvention = CallingConvention.Cdecl)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int FileControl(IntPtr db, byte[] name, int op, ref int argument);
    }
}
