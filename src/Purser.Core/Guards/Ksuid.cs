namespace Purser.Guards;

/// <summary>
/// K-sortable unique ids (github.com/segmentio/ksuid): 20 bytes, a big-endian count of seconds since 2014-05-13
/// 16:53:20 UTC (Unix time 1,400,000,000) then 16 random bytes, written as 27 base62 digits (0-9, A-Z, a-z).
/// </summary>
internal static class Ksuid
{
    private const long Epoch = 1_400_000_000;

    // 2017-01-01 and 2031-01-01: from the year KSUIDs were published to a few years ahead.
    private const long EarliestUnixTime = 1_483_228_800;
    private const long LatestUnixTime = 1_924_992_000;

    /// <summary>True when the 27 base62 digits are a 160-bit value whose timestamp falls in 2017-2030.</summary>
    public static bool HasPlausibleTime(ReadOnlySpan<char> digits)
    {
        if (digits.Length != 27)
        {
            return false;
        }

        // value = value * 62 + digit over five 32-bit limbs, most significant first.
        Span<uint> limbs = stackalloc uint[5];
        limbs.Clear();
        foreach (char c in digits)
        {
            int digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'A' and <= 'Z' => c - 'A' + 10,
                >= 'a' and <= 'z' => c - 'a' + 36,
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }

            ulong carry = (ulong)digit;
            for (int i = limbs.Length - 1; i >= 0; i--)
            {
                ulong product = ((ulong)limbs[i] * 62) + carry;
                limbs[i] = (uint)product;
                carry = product >> 32;
            }

            if (carry != 0)
            {
                return false; // more than 160 bits
            }
        }

        long unixTime = limbs[0] + Epoch;
        return unixTime is >= EarliestUnixTime and <= LatestUnixTime;
    }
}
