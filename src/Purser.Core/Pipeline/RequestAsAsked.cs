using Purser.Routing;

namespace Purser.Pipeline;

/// <summary>
/// What the caller asked for before a budget tier narrowed it: the route's deployments and the request's max tokens.
/// The cache looks this up first, so an answer already paid for is still served when money runs low.
/// </summary>
internal sealed record RequestAsAsked(IReadOnlyList<Deployment> Deployments, int? MaxTokens);
