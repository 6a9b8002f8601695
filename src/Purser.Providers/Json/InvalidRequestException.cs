namespace Purser.Providers.Json;

/// <summary>Thrown while parsing a client's request; the reader turns it into a 400 naming <see cref="Param"/>.</summary>
internal sealed class InvalidRequestException(string message, string? param = null) : Exception(message)
{
    public string? Param { get; } = param;
}
