namespace Purser.Routing;

/// <summary>
/// The cascade as <c>purser config export</c> writes it and <c>purser config import</c> reads it, and as the imported
/// cascade file keeps it: <c>{"system": {…}, "projects": {"p": {…, "agents": {"a": {…}}}}, "agents": {"a": {…}}}</c>.
/// </summary>
internal sealed class CascadeDocument
{
    public CascadeSettings? System { get; set; }

    public Dictionary<string, CascadeSettings>? Projects { get; set; }

    public Dictionary<string, CascadeSettings>? Agents { get; set; }
}
