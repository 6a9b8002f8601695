using System.Security.Cryptography;
using System.Text;

namespace Purser.Keys;

/// <summary>
/// Virtual keys look like <c>pk-purser-&lt;id&gt;-&lt;secret&gt;</c>: a 12-hex-digit id that names the key in lists and the
/// ledger, and 32 random bytes (base64url). The id finds the stored hash; the whole key's SHA-256 is compared in
/// constant time.
/// </summary>
internal static class VirtualKeyFormat
{
    public const string Prefix = "pk-purser-";
    public const int IdLength = 12;
    private const int SecretBytes = 32;
    private const int SecretLength = 43;

    public static int Length => Prefix.Length + IdLength + 1 + SecretLength;

    /// <summary>A new key and its id.</summary>
    public static (string Id, string Key) Generate()
    {
        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdLength / 2));
        string secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (id, Prefix + id + "-" + secret);
    }

    /// <summary>The id of a value shaped like a virtual key.</summary>
    public static bool TryParseId(string? presented, out string id)
    {
        id = "";
        if (presented is null || presented.Length != Length || !presented.StartsWith(Prefix, StringComparison.Ordinal) || presented[Prefix.Length + IdLength] != '-')
        {
            return false;
        }

        ReadOnlySpan<char> candidate = presented.AsSpan(Prefix.Length, IdLength);
        foreach (char c in candidate)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        id = candidate.ToString();
        return true;
    }

    /// <summary>Whether a value starts like a virtual key (so a malformed one is rejected rather than ignored).</summary>
    public static bool LooksLikeVirtualKey(string? presented) => presented is not null && presented.StartsWith(Prefix, StringComparison.Ordinal);

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Whether <paramref name="presented"/> hashes to <paramref name="hash"/>, in constant time.</summary>
    public static bool Matches(string presented, byte[] hash) => CryptographicOperations.FixedTimeEquals(Hash(presented), hash);
}
