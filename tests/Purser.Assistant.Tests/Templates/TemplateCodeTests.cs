using Purser.Assistant.Templates;

namespace Purser.Assistant.Tests.Templates;

public sealed class TemplateCodeTests
{
    private const string Code = """"
        # xero_client.py
        XERO_BASE_URL = "https://api.xero.com"


        class XeroClient:
            """Talks to Xero."""

            def get_xero_contacts(self) -> list:
                return self.xeroSession.get("/contacts")  # not a Xerox
        """";

    [Fact]
    public void Parameterise_EverySpelling_BecomesAPlaceholderAndGivesTheCodeBack()
    {
        TemplateParameter[] xero = [new("Service", "Xero")];

        string template = TemplateCode.Parameterise(Code, xero)!;

        template.ShouldNotContain("Xero ", Case.Sensitive);
        template.ShouldContain("{{purser:Service:snake}}_client.py");
        template.ShouldContain("{{purser:Service:usnake}}_BASE_URL");
        template.ShouldContain("class {{purser:Service:pascal}}Client:");
        template.ShouldContain("self.{{purser:Service:snake}}Session");
        template.ShouldContain("not a Xerox");
        TemplateCode.Instantiate(template, xero).ShouldBe(Code);
    }

    [Fact]
    public void Instantiate_NewValue_IsWrittenInEachSpelling()
    {
        string template = TemplateCode.Parameterise(Code, [new("Service", "Xero")])!;

        string drive = TemplateCode.Instantiate(template, [new TemplateParameter("Service", "Google Drive")]);

        drive.ShouldContain("# google_drive_client.py");
        drive.ShouldContain("GOOGLE_DRIVE_BASE_URL");
        drive.ShouldContain("class GoogleDriveClient:");
        drive.ShouldContain("\"\"\"Talks to GoogleDrive.\"\"\"");
        drive.ShouldContain("not a Xerox");
    }

    [Fact]
    public void Parameterise_CodeThatAlreadyHasPlaceholders_IsRefused()
    {
        TemplateCode.Parameterise("x = '{{purser:Service:raw}}'", [new("Service", "Xero")]).ShouldBeNull();
    }

    [Fact]
    public void Names_AreTheParametersThePlaceholdersUse()
    {
        TemplateCode.Names("{{purser:Service:raw}} {{purser:Entity:lower}} {{purser:Service:upper}}").ShouldBe(new HashSet<string> { "Service", "Entity" });
    }
}
