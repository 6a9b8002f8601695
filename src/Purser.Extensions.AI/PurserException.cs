namespace Purser.Extensions.AI;

/// <summary>Purser refused or could not complete a call: the same error the gateway would answer with, as an exception.</summary>
public class PurserException : Exception
{
    public PurserException()
    {
    }

    public PurserException(string message)
        : base(message)
    {
    }

    public PurserException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PurserException(string message, string kind, int statusCode, string? code, string requestId)
        : base(message)
    {
        Kind = kind;
        StatusCode = statusCode;
        Code = code;
        RequestId = requestId;
    }

    /// <summary>The error kind (budget_exceeded, guard_blocked, no_provider, upstream_http, …).</summary>
    public string Kind { get; } = "internal";

    /// <summary>The HTTP status the gateway would have answered with.</summary>
    public int StatusCode { get; } = 500;

    /// <summary>The error code (model_not_found, budget_exceeded, …), when there is one.</summary>
    public string? Code { get; }

    /// <summary>The call's request id in the ledger (refused calls are recorded too).</summary>
    public string RequestId { get; } = "";
}
