namespace Purser.FunctionalTests.Telemetry;

/// <summary>
/// Telemetry tests run alone: every gateway in the process emits on the one "Purser" ActivitySource and on meters named
/// "Purser", and an OpenTelemetry listener hears all of them, so no other gateway may be making calls meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry";
}
