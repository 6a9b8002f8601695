using Purser.Storage.Postgres;

namespace Purser.Assistant.Analysis;

/// <summary>The analysis store in the shared PostgreSQL database.</summary>
internal sealed class PostgresAnalysisStore(PostgresDatabase database) : SqlAnalysisStore(database);
