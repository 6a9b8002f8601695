namespace Purser.Guards;

/// <summary>What the secret guard did to one request.</summary>
internal enum SecretGuardAction
{
    /// <summary>No secret found, or the guard is off.</summary>
    None,

    /// <summary>Secrets found and reported; the prompt went out unchanged.</summary>
    Warned,

    /// <summary>Secrets found and replaced with placeholders.</summary>
    Redacted,

    /// <summary>Secrets found; the request must be refused.</summary>
    Blocked,
}
