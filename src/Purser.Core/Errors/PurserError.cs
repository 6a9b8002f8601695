namespace Purser.Errors;

/// <summary>
/// An expected failure, carried as a value through the pipeline (never thrown on the hot path).
/// <see cref="Message"/> is safe to show the client: it never holds provider keys or secrets.
/// </summary>
internal sealed record PurserError(ErrorKind Kind, int StatusCode, string Message)
{
    /// <summary>The request field the error is about, when there is one.</summary>
    public string? Param { get; init; }

    /// <summary>A machine-readable code (e.g. "model_not_found", "budget_exceeded").</summary>
    public string? Code { get; init; }

    /// <summary>The upstream's HTTP status, when the error came from one.</summary>
    public int? UpstreamStatus { get; init; }

    /// <summary>How long the upstream asked us to wait (Retry-After / retry-after-ms).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Headers the response should carry (e.g. retry-after on 429).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public static PurserError BadRequest(string message, string? param = null, string? code = null) =>
        new(ErrorKind.BadRequest, 400, message) { Param = param, Code = code };

    public static PurserError NoProvider(string message, string? code = "model_not_found") =>
        new(ErrorKind.NoProvider, 404, message) { Code = code, Param = "model" };

    public static PurserError Internal(string message) => new(ErrorKind.Internal, 500, message);

    /// <summary>Whether another try of the same deployment may succeed (<see cref="Resilience.FailureClassifier.IsRetryable"/>).</summary>
    public bool IsRetryable => Resilience.FailureClassifier.IsRetryable(this);
}
