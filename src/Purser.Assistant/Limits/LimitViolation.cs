namespace Purser.Assistant.Limits;

/// <summary>Why input was refused: the HTTP status it maps to (413 too large, 400 language not allowed) and a message naming the setting.</summary>
internal sealed record LimitViolation(int StatusCode, string Code, string Message);
