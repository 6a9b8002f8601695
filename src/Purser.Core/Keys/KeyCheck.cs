namespace Purser.Keys;

/// <summary>The result of checking a presented key.</summary>
public readonly record struct KeyCheck(KeyCheckOutcome Outcome, VirtualKey? Key);
