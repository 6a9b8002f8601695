using System.Text;
using System.Globalization;

namespace Demo;

/// <summary>Formats numbers.</summary>
public static class Numbers
{
    /// <summary>Invariant text.</summary>
    public static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
