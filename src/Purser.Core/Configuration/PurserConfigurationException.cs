namespace Purser.Configuration;

/// <summary>The configuration is invalid; <see cref="Errors"/> lists each problem with its key.</summary>
public sealed class PurserConfigurationException(IReadOnlyList<string> errors)
    : Exception("Invalid Purser configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
