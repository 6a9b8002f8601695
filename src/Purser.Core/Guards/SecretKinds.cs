using System.Collections.Frozen;

namespace Purser.Guards;

/// <summary>Stable string ids of <see cref="SecretKind"/> values.</summary>
internal static class SecretKinds
{
    private static readonly string[] Ids =
    [
        "openai_api_key",
        "anthropic_api_key",
        "google_api_key",
        "xai_api_key",
        "aws_access_key_id",
        "aws_secret_access_key",
        "azure_key",
        "github_token",
        "gitlab_token",
        "slack_token",
        "stripe_key",
        "private_key",
        "jwt",
        "password_assignment",
        "secret_assignment",
        "connection_string",
        "high_entropy",
    ];

    private static readonly FrozenDictionary<string, SecretKind> ById =
        Ids.Select((id, i) => KeyValuePair.Create(id, (SecretKind)i)).ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every kind, in declaration order.</summary>
    public static IReadOnlyList<SecretKind> All { get; } = Enum.GetValues<SecretKind>();

    /// <summary>The stable id of a kind, e.g. <c>openai_api_key</c>.</summary>
    public static string ToId(this SecretKind kind) => Ids[(int)kind];

    /// <summary>Parses an id (case-insensitive); the enum member name is accepted too.</summary>
    public static bool TryParse(string? id, out SecretKind kind)
    {
        if (id is not null && ById.TryGetValue(id.Trim(), out kind))
        {
            return true;
        }

        return Enum.TryParse(id, ignoreCase: true, out kind) && Enum.IsDefined(kind);
    }

    /// <summary>True for the kinds recognised by their exact format (provider keys, private keys, JWTs), as opposed to context and entropy heuristics.</summary>
    public static bool IsTyped(this SecretKind kind) => kind <= SecretKind.Jwt;
}
