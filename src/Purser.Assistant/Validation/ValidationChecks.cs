namespace Purser.Assistant.Validation;

/// <summary>The validator's checks, their names in reports and their weights in the overall score.</summary>
internal static class ValidationChecks
{
    public const string Syntax = "syntax";
    public const string Security = "security";
    public const string Types = "types";
    public const string Documentation = "documentation";
    public const string ErrorHandling = "error_handling";
    public const string Imports = "imports";
    public const string Logging = "logging";

    /// <summary>The cross-model review of critical code (only when it ran: <c>--cross-check</c>, generation).</summary>
    public const string CrossCheck = "cross_check";

    /// <summary>The seven deterministic checks, in report order.</summary>
    public static IReadOnlyList<string> Deterministic { get; } = [Syntax, Security, Types, Documentation, ErrorHandling, Imports, Logging];

    /// <summary>
    /// A check's weight in the overall score: syntax 25, security 25, error handling 15, types, documentation and logging 10
    /// each, imports 5; the cross-model review 20 when it ran. Checks that did not run do not count.
    /// </summary>
    public static int Weight(string check) => check switch
    {
        Syntax => 25,
        Security => 25,
        ErrorHandling => 15,
        Types => 10,
        Documentation => 10,
        Logging => 10,
        Imports => 5,
        CrossCheck => 20,
        _ => 0,
    };
}
