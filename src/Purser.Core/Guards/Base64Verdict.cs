namespace Purser.Guards;

/// <summary>What a random-looking base64 token decodes to, for the high-entropy detector.</summary>
internal enum Base64Verdict
{
    /// <summary>Not base64 text, or random bytes, or one credential-like word: judge the token as a possible secret.</summary>
    Random,

    /// <summary>A file, a public key, prose or structured text without secrets: not a secret.</summary>
    Data,

    /// <summary>Text holding secrets, which were reported over the characters that encode them.</summary>
    HoldsSecrets,
}
