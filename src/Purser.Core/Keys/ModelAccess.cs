namespace Purser.Keys;

/// <summary>
/// A virtual key's allowed models: exact names ("openai/gpt-4o-mini", an alias such as "cheap"), provider wildcards
/// ("openai/*"), or "*". Names compare case-insensitively. An empty list allows everything.
/// </summary>
internal static class ModelAccess
{
    public static bool Allows(IReadOnlyList<string>? allowed, string model)
    {
        if (allowed is null || allowed.Count == 0)
        {
            return true;
        }

        foreach (string pattern in allowed)
        {
            if (pattern == "*")
            {
                return true;
            }

            if (pattern.EndsWith('*'))
            {
                if (model.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            else if (string.Equals(pattern, model, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
