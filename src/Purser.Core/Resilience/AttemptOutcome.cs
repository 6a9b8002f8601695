using Purser.Errors;

namespace Purser.Resilience;

/// <summary>What one attempt came to, as the value a deployment's resilience pipeline sees: success, or the error.</summary>
internal sealed class AttemptOutcome
{
    private AttemptOutcome(PurserError? error)
    {
        Error = error;
    }

    public static AttemptOutcome Success { get; } = new(null);

    /// <summary>Null when the attempt succeeded.</summary>
    public PurserError? Error { get; }

    public bool Succeeded => Error is null;

    public static AttemptOutcome Failed(PurserError error) => new(error);
}
