namespace Purser.Providers.Responses;

/// <summary>
/// A client tool as an upstream of another protocol sees it: a function named <see cref="UpstreamName"/>. The client
/// knows it as <see cref="Name"/> (inside <see cref="Namespace"/>, when it was declared in a namespace tool), and a
/// <see cref="Custom"/> tool takes free text, carried upstream as the one string argument <c>input</c>.
/// </summary>
internal sealed record ResponsesTool(string UpstreamName, string Name, string? Namespace, bool Custom);
