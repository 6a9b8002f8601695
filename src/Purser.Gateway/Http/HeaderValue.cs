using System.Text;

namespace Purser.Gateway.Http;

/// <summary>
/// Makes a value safe for a response header. Headers carry printable ASCII; values that come from a caller or an
/// upstream (a model name, a user in a budget's name, a dropped field's name) may hold anything, and Kestrel throws on
/// a control or non-ASCII character — after the upstream was called. Such values are percent-encoded as UTF-8
/// (<c>fäke</c> → <c>f%C3%A4ke</c>, along with any <c>%</c>); printable ASCII values are left as they are.
/// </summary>
internal static class HeaderValue
{
    public static string Encode(string value)
    {
        int first = 0;
        while (first < value.Length && IsPlain(value[first]))
        {
            first++;
        }

        if (first == value.Length)
        {
            return value;
        }

        var encoded = new StringBuilder(value.Length + 16);
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= 0x20 and < 0x7F && b != '%')
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(Convert.ToHexString([b]));
            }
        }

        return encoded.ToString();
    }

    private static bool IsPlain(char c) => c is >= ' ' and < (char)0x7F;
}
