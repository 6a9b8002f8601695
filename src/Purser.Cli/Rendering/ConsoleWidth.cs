using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Purser.Cli.Rendering;

/// <summary>
/// How wide the CLI draws. A terminal has its own width. Output that is not a terminal (a CI log, a file, a pipe) has
/// none: Spectre would assume 80 columns and wrap or cut table cells ("ude-sonnet-4-", "$0.04" / "56"). There the width
/// is <c>COLUMNS</c> when set, else unbounded, so nothing is ever cut; what stretches to the full width (a rule, an
/// expanded panel) is held to <see cref="StretchLimit"/>.
/// </summary>
internal static class ConsoleWidth
{
    /// <summary>The width of output with no width: wide enough that no table is ever cut.</summary>
    public const int Unbounded = short.MaxValue;

    /// <summary>How wide a full-width element is drawn when the output has no width.</summary>
    public const int StretchLimit = 120;

    /// <summary>The width for redirected output: a positive <c>COLUMNS</c>, else <see cref="Unbounded"/>.</summary>
    public static int ForRedirectedOutput(Func<string, string?> variables) =>
        int.TryParse(variables("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out int columns) && columns > 0 ? columns : Unbounded;

    /// <summary>
    /// <paramref name="renderable"/>, which stretches to the console's width, held to <see cref="StretchLimit"/> columns
    /// when the console has no width of its own.
    /// </summary>
    public static IRenderable Stretching(IAnsiConsole console, IRenderable renderable) =>
        console.Profile.Width < Unbounded
            ? renderable
            : new Grid().AddColumn(new GridColumn().Width(StretchLimit).NoWrap().PadRight(0)).AddRow(renderable);
}
