namespace Purser.Configuration;

/// <summary><c>Purser:Translation</c>: how requests are translated between wire protocols.</summary>
public sealed class TranslationOptions
{
    /// <summary>
    /// Refuse (400 naming the field) every field that translation would drop, instead of dropping it and naming it in
    /// <c>x-purser-dropped-fields</c>. Default: false.
    /// </summary>
    public bool Strict { get; set; }
}
