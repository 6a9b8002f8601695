namespace Purser.Assistant.Calls;

/// <summary>Why a call failed: an HTTP-style status, the error kind's name (<c>no_provider</c>, <c>timeout</c> …) and a message for people.</summary>
internal sealed record AssistantError(int StatusCode, string Kind, string Message);
