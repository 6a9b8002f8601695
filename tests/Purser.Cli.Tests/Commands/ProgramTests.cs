namespace Purser.Cli.Tests.Commands;

public sealed class ProgramTests
{
    [Fact]
    public void CreateConsole_OutputRedirected_WritesNoEscapeCodesAndIsNotInteractive()
    {
        Spectre.Console.IAnsiConsole console = Program.CreateConsole(outputRedirected: true);

        console.Profile.Capabilities.Ansi.ShouldBeFalse();
        console.Profile.Capabilities.Interactive.ShouldBeFalse();
        console.Profile.Capabilities.ColorSystem.ShouldBe(Spectre.Console.ColorSystem.NoColors);
    }
}
