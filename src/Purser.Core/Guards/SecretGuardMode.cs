namespace Purser.Guards;

/// <summary>What the secret guard does with a prompt that contains secrets.</summary>
public enum SecretGuardMode
{
    /// <summary>Nothing is scanned.</summary>
    Off,

    /// <summary>The prompt goes out unchanged; the findings are reported (header, ledger).</summary>
    Warn,

    /// <summary>Each secret is replaced with a typed placeholder (<c>[REDACTED:openai_api_key]</c>) before the request leaves.</summary>
    Redact,

    /// <summary>The request is refused with 400 naming the kind and place of each secret, never the secret.</summary>
    Block,
}
