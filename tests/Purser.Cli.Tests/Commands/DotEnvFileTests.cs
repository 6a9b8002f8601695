using Purser.Cli.Hosting;

namespace Purser.Cli.Tests.Commands;

public sealed class DotEnvFileTests
{
    [Fact]
    public void Parse_ReadsTheUsualForms()
    {
        Dictionary<string, string> values = DotEnvFile.Parse(
            "# a comment\r\n"
            + "PLAIN=value\n"
            + "export EXPORTED=yes\n"
            + "SPACED = padded  # trailing comment\n"
            + "SINGLE='lit\\n # eral'\n"
            + "DOUBLE=\"a\\nb \\\"q\\\"\"\n"
            + "EMPTY=\n"
            + "not an assignment\n"
            + "1BAD=x\n"
            + "URL=http://host/#frag\n");

        values["PLAIN"].ShouldBe("value");
        values["EXPORTED"].ShouldBe("yes");
        values["SPACED"].ShouldBe("padded");
        values["SINGLE"].ShouldBe("lit\\n # eral");
        values["DOUBLE"].ShouldBe("a\nb \"q\"");
        values["EMPTY"].ShouldBe("");
        values["URL"].ShouldBe("http://host/#frag");
        values.ContainsKey("1BAD").ShouldBeFalse();
        values.Count.ShouldBe(7);
    }

    [Fact]
    public void WithDotEnv_TheEnvironmentWinsAndTheFileFillsTheRest()
    {
        string folder = Directory.CreateTempSubdirectory("purser-dotenv-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, ".env"), "A=file\nB=file\n");
            var environment = new CliEnvironment
            {
                WorkingDirectory = folder,
                Variables = name => name == "A" ? "environment" : null,
            }.WithDotEnv();

            environment.Variables("A").ShouldBe("environment");
            environment.Variables("B").ShouldBe("file");
            environment.Variables("C").ShouldBeNull();
            environment.SourceOf("A").ShouldBe("environment");
            environment.SourceOf("B").ShouldBe(".env");
            environment.SourceOf("C").ShouldBeNull();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
