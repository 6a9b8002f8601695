namespace Purser.Storage.Postgres;

/// <summary>One migration as <c>purser db status</c> lists it.</summary>
internal sealed record MigrationState(int Version, string Name, bool Applied, DateTimeOffset? AppliedAt);
