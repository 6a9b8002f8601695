using Purser.Configuration;
using Purser.Hosting;

namespace Purser.Storage.Hosting;

/// <summary>The embedded SQLite storage where <c>Purser:Database</c> says (default <c>&lt;Home&gt;/purser.db</c>), for hosts composed from configuration.</summary>
public static class PurserBuilderConfiguredStorageExtensions
{
    /// <summary>Registers the SQLite stores and the ledger at <see cref="DatabasePath"/>; rows the database cannot take spool beside it.</summary>
    public static PurserBuilder AddSqliteStorage(this PurserBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        PurserOptions options = builder.Options
            ?? throw new InvalidOperationException("The storage is placed by Purser's options: start with services.AddPurser(configuration).");
        string path = DatabasePath(options);
        options.Ledger.SpoolFolder ??= Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "ledger-spool");
        return builder.AddSqliteStorage(
            path,
            options.Database.MaxSizeMegabytes is double mb ? (long)(mb * 1024 * 1024) : null,
            options.Database.LockTimeoutSeconds);
    }

    /// <summary>The SQLite file: Purser:Database:ConnectionString, or &lt;Home&gt;/purser.db.</summary>
    public static string DatabasePath(PurserOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Database.ConnectionString is { Length: > 0 } path ? path : Path.Combine(options.Home!, "purser.db");
    }
}
