namespace Purser.Sharing;

/// <summary>One change another instance published: a <see cref="SharedTopics"/> topic and what it says about it.</summary>
internal sealed record SharedChange(string Topic, string? Detail);
