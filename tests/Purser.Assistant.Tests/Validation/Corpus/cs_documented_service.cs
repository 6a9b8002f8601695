using System;
using System.Collections.Generic;
using System.Linq;

namespace Demo;

/// <summary>Sums numbers.</summary>
public static class Calculator
{
    /// <summary>The sum of <paramref name="values"/>.</summary>
    public static int Sum(IEnumerable<int> values) => values.Sum();

    /// <summary>The largest value, or throws when there is none.</summary>
    public static int Max(IReadOnlyList<int> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("No values.", nameof(values));
        }

        return values.Max();
    }
}
