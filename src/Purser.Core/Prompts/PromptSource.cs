namespace Purser.Prompts;

/// <summary>Where a prompt's effective definition came from.</summary>
internal enum PromptSource
{
    /// <summary>Shipped with Purser, unchanged.</summary>
    Shipped,

    /// <summary>Shipped with Purser, with fields overridden by the user file.</summary>
    Overridden,

    /// <summary>Defined only in the user file.</summary>
    User,
}
