using Microsoft.Extensions.Options;
using Purser.Prompts;
using Purser.Tests;

namespace Purser.Core.Tests.Prompts;

public sealed class PromptLibraryTests : IDisposable
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(15);

    private readonly TempFolder _folder = new();
    private readonly List<PromptLibrary> _libraries = [];

    private string UserFile => _folder.File("prompts.json");

    public void Dispose()
    {
        foreach (PromptLibrary library in _libraries)
        {
            library.Dispose();
        }

        _folder.Dispose();
    }

    private PromptLibrary Create(bool watch = false, TimeProvider? time = null, bool pollInBackground = true, string? file = null, TimeSpan? checkInterval = null)
    {
        var options = new PromptLibraryOptions
        {
            File = file ?? UserFile,
            Watch = watch,
            ReloadDelay = TimeSpan.FromMilliseconds(20),
            CheckInterval = checkInterval ?? TimeSpan.FromSeconds(2),
            PollInterval = TimeSpan.FromMilliseconds(50),
        };
        var library = new PromptLibrary(options, time, logger: null, pollInBackground: pollInBackground);
        _libraries.Add(library);
        return library;
    }

    private void WriteUserFile(string json, DateTime? lastWriteUtc = null)
    {
        File.WriteAllText(UserFile, json);
        if (lastWriteUtc is { } stamp)
        {
            File.SetLastWriteTimeUtc(UserFile, stamp);
        }
    }

    private static string Temperature(double value) =>
        "{ \"prompts\": { \"qa\": { \"temperature\": " + value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " } } }";

    [Fact]
    public void Reload_SamePrompts_LogsTheLoadOnlyAtStartAndOnChange()
    {
        WriteUserFile(Temperature(0.5));
        var logger = new Purser.Core.Tests.Pricing.RecordingLogger();
        var options = new PromptLibraryOptions { File = UserFile, Watch = false, CheckInterval = TimeSpan.FromHours(1) };
        using var library = new PromptLibrary(options, timeProvider: null, logger, pollInBackground: false);
        int Loads() => logger.Entries.Count(e => e.EventId.Id == 4101);
        Loads().ShouldBe(1);

        // A resync (as shared storage does every few seconds) that finds the same prompts says nothing.
        library.Reload().Changed.ShouldBeFalse();
        library.Reload();
        Loads().ShouldBe(1);

        WriteUserFile(Temperature(0.7));
        library.Reload().Changed.ShouldBeTrue();
        Loads().ShouldBe(2);
    }

    [Fact]
    public void Constructor_NoUserFileConfigured_ServesShippedPrompts()
    {
        using var library = new PromptLibrary(Options.Create(new PromptLibraryOptions()));

        library.Prompts.Count.ShouldBe(9); // the assistant's prompts, code_repair and cross_validation included
        library.Status.UserFile.ShouldBeNull();
        library.Status.UserFileInEffect.ShouldBeFalse();
        library.Status.LastError.ShouldBeNull();
    }

    [Fact]
    public void Constructor_UserFileAbsent_ServesShippedPrompts()
    {
        PromptLibrary library = Create();

        library.Prompts.ShouldAllBe(p => p.Source == PromptSource.Shipped);
        library.Status.UserFile.ShouldBe(UserFile);
        library.Status.UserFileInEffect.ShouldBeFalse();
    }

    [Fact]
    public void Constructor_UserFileOverridesAndAdds_ServesMergedPrompts()
    {
        WriteUserFile("""
            { "prompts": {
                "qa": { "temperature": 0.9 },
                "commit_message": { "template": "Commit message for {diff}", "tier": "cheap" }
            } }
            """);

        PromptLibrary library = Create();

        library.Get("qa").Temperature.ShouldBe(0.9);
        library.Get("qa").Source.ShouldBe(PromptSource.Overridden);
        library.Get("commit_message").Tier.ShouldBe(PromptTier.Cheap);
        library.Status.UserFileInEffect.ShouldBeTrue();
    }

    [Fact]
    public void Constructor_BrokenUserFile_ServesShippedPromptsAndReportsTheError()
    {
        WriteUserFile("{ \"prompts\": { \"qa\": ");

        PromptLibrary library = Create();

        library.Get("qa").Source.ShouldBe(PromptSource.Shipped);
        library.Status.UserFileInEffect.ShouldBeFalse();
        library.Status.LastError.ShouldNotBeNull().ShouldContain(UserFile);
        library.Status.LastErrorAt.ShouldNotBeNull();
    }

    [Fact]
    public void Constructor_NegativeCheckInterval_ThrowsNamingTheKey()
    {
        var options = new PromptLibraryOptions { CheckInterval = TimeSpan.FromSeconds(-1) };

        Should.Throw<OptionsValidationException>(() => new PromptLibrary(Options.Create(options)))
            .Message.ShouldContain("Purser:Prompts:CheckInterval");
    }

    [Fact]
    public void Get_UnknownName_ThrowsListingKnownPrompts()
    {
        var ex = Should.Throw<PromptNotFoundException>(() => Create().Get("reviw"));

        ex.PromptName.ShouldBe("reviw");
        ex.Message.ShouldContain("'reviw'");
        ex.Message.ShouldContain("code_review");
    }

    [Fact]
    public void TryGet_OtherCase_FindsThePrompt()
    {
        Create().TryGet("Code_Review", out PromptDefinition? prompt).ShouldBeTrue();
        prompt!.Name.ShouldBe("code_review");
    }

    [Fact]
    public void Render_MissingVariable_ThrowsNamingTheVariableAndThePrompt()
    {
        var variables = new Dictionary<string, string> { ["file_name"] = "app.py", ["code"] = "x = 1/0" };

        var ex = Should.Throw<MissingPromptVariableException>(() => Create().Render("debugging", variables));

        ex.Message.ShouldContain("'debugging'");
        ex.Message.ShouldContain("'error_log'");
    }

    [Fact]
    public void Render_ShippedPromptWithVariables_RendersUserMessage()
    {
        var variables = new Dictionary<string, string> { ["question"] = "What does Foo do?", ["context"] = "class Foo {}" };

        RenderedPrompt rendered = Create().Render("qa", variables);

        rendered.User.ShouldContain("What does Foo do?");
        rendered.User.ShouldContain("class Foo {}");
    }

    [Fact]
    public void Reload_UserFileChanged_ServesTheNewVersion()
    {
        WriteUserFile(Temperature(0.5));
        PromptLibrary library = Create();
        string before = library.Get("qa").Version;

        WriteUserFile(Temperature(0.6));
        PromptReloadResult result = library.Reload();

        result.Succeeded.ShouldBeTrue();
        result.Changed.ShouldBeTrue();
        library.Get("qa").Temperature.ShouldBe(0.6);
        library.Get("qa").Version.ShouldNotBe(before);
    }

    [Fact]
    public void Reload_SameContent_ReportsNoChange()
    {
        WriteUserFile(Temperature(0.5));
        PromptLibrary library = Create();

        library.Reload().Changed.ShouldBeFalse();
    }

    [Fact]
    public void Reload_UserFileBroken_KeepsLastGoodPromptsAndReportsTheError()
    {
        WriteUserFile(Temperature(0.5));
        PromptLibrary library = Create();

        WriteUserFile("""{ "prompts": { "qa": { "temperature": 7 } } }""");
        PromptReloadResult result = library.Reload();

        result.Succeeded.ShouldBeFalse();
        result.Error.ShouldNotBeNull().ShouldContain("'temperature' must be between 0 and 2");
        library.Get("qa").Temperature.ShouldBe(0.5);
        library.Status.LastError.ShouldBe(result.Error);
        library.Status.UserFileInEffect.ShouldBeTrue();
    }

    [Fact]
    public void Reload_UserFileFixedAfterError_ServesItAndClearsTheError()
    {
        WriteUserFile("not json");
        PromptLibrary library = Create();
        library.Status.LastError.ShouldNotBeNull();

        WriteUserFile(Temperature(0.4));
        library.Reload().Succeeded.ShouldBeTrue();

        library.Get("qa").Temperature.ShouldBe(0.4);
        library.Status.LastError.ShouldBeNull();
    }

    [Fact]
    public void Reload_UserFileDeleted_FallsBackToShippedPrompts()
    {
        WriteUserFile(Temperature(0.5));
        PromptLibrary library = Create();

        File.Delete(UserFile);
        library.Reload().Succeeded.ShouldBeTrue();

        library.Get("qa").Source.ShouldBe(PromptSource.Shipped);
        library.Status.UserFileInEffect.ShouldBeFalse();
    }

    [Fact]
    public void Reload_HandlerThrows_OtherHandlersStillRunAndReloadSucceeds()
    {
        PromptLibrary library = Create();
        int calls = 0;
        library.Reloaded += (_, _) => throw new InvalidOperationException("subscriber bug");
        library.Reloaded += (_, _) => calls++;

        library.Reload().Succeeded.ShouldBeTrue();

        calls.ShouldBe(1);
    }

    [Fact]
    public void Reload_AfterDispose_Throws()
    {
        PromptLibrary library = Create();
        library.Dispose();

        Should.Throw<ObjectDisposedException>(() => library.Reload());
    }

    [Fact]
    public async Task Watch_UserFileChanged_ReloadsAndRaisesReloaded()
    {
        WriteUserFile(Temperature(0.5));
        PromptLibrary library = Create(watch: true, checkInterval: TimeSpan.Zero);
        var reloaded = new TaskCompletionSource<PromptReloadResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        library.Reloaded += (_, result) =>
        {
            if (result.Changed)
            {
                reloaded.TrySetResult(result);
            }
        };

        WriteUserFile(Temperature(0.8));
        PromptReloadResult result = await reloaded.Task.WaitAsync(EventTimeout);

        result.Succeeded.ShouldBeTrue();
        library.Get("qa").Temperature.ShouldBe(0.8);
    }

    [Fact]
    public async Task Watch_UserFileCreatedLater_LoadsIt()
    {
        PromptLibrary library = Create(watch: true, checkInterval: TimeSpan.Zero);
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        library.Reloaded += (_, result) =>
        {
            if (result.Changed)
            {
                reloaded.TrySetResult();
            }
        };

        WriteUserFile(Temperature(0.3));
        await reloaded.Task.WaitAsync(EventTimeout);

        library.Get("qa").Temperature.ShouldBe(0.3);
    }

    [Fact]
    public void Poll_FileChanged_ReloadsAfterThePollAndTheQuietDelay_WithoutAnyRead()
    {
        var time = new ManualTimeProvider();
        var firstWrite = new DateTime(2025, 1, 1, 10, 0, 0, DateTimeKind.Utc);
        WriteUserFile(Temperature(0.5), firstWrite);
        PromptLibrary library = Create(watch: true, time: time, checkInterval: TimeSpan.Zero); // polls every 50 ms, reloads 20 ms after
        var results = new List<PromptReloadResult>();
        library.Reloaded += (_, result) => results.Add(result);

        time.Advance(TimeSpan.FromMilliseconds(50));
        results.ShouldBeEmpty(); // unchanged: nothing read

        WriteUserFile(Temperature(0.75), firstWrite.AddSeconds(5));
        time.Advance(TimeSpan.FromMilliseconds(50)); // the poll sees the new stamp
        results.ShouldBeEmpty();
        time.Advance(TimeSpan.FromMilliseconds(20)); // quiet delay over: reloaded

        results.Count.ShouldBe(1);
        results[0].Changed.ShouldBeTrue();
        library.Get("qa").Temperature.ShouldBe(0.75);
    }

    [Fact]
    public void CheckOnAccess_FileChangedAndIntervalPassed_Reloads()
    {
        var time = new ManualTimeProvider();
        var firstWrite = new DateTime(2025, 1, 1, 10, 0, 0, DateTimeKind.Utc);
        WriteUserFile(Temperature(0.5), firstWrite);
        PromptLibrary library = Create(watch: true, time: time, pollInBackground: false);
        var results = new List<PromptReloadResult>();
        library.Reloaded += (_, result) => results.Add(result);

        WriteUserFile(Temperature(0.75), firstWrite.AddSeconds(5));
        time.Advance(TimeSpan.FromSeconds(1));
        library.Get("qa").Temperature.ShouldBe(0.5); // checked at most every 2 s

        time.Advance(TimeSpan.FromSeconds(1));
        library.Get("qa").Temperature.ShouldBe(0.75);
        results.Count.ShouldBe(1);
        results[0].Changed.ShouldBeTrue();
    }

    [Fact]
    public void CheckOnAccess_FileUnchanged_DoesNotReload()
    {
        var time = new ManualTimeProvider();
        WriteUserFile(Temperature(0.5));
        PromptLibrary library = Create(watch: true, time: time, pollInBackground: false);
        int reloads = 0;
        library.Reloaded += (_, _) => reloads++;

        time.Advance(TimeSpan.FromSeconds(10));
        _ = library.Prompts;

        reloads.ShouldBe(0);
    }

    [Fact]
    public void CheckOnAccess_BrokenFile_IsReportedOnceAndLastGoodKept()
    {
        var time = new ManualTimeProvider();
        var firstWrite = new DateTime(2025, 1, 1, 10, 0, 0, DateTimeKind.Utc);
        WriteUserFile(Temperature(0.5), firstWrite);
        PromptLibrary library = Create(watch: true, time: time, pollInBackground: false);
        var results = new List<PromptReloadResult>();
        library.Reloaded += (_, result) => results.Add(result);

        WriteUserFile("{ broken", firstWrite.AddSeconds(5));
        time.Advance(TimeSpan.FromSeconds(3));
        library.Get("qa").Temperature.ShouldBe(0.5);
        time.Advance(TimeSpan.FromSeconds(3));
        library.Get("qa").Temperature.ShouldBe(0.5);

        results.Count.ShouldBe(1);
        results[0].Succeeded.ShouldBeFalse();
        library.Status.LastError.ShouldNotBeNull();
    }

    [Fact]
    public void CheckOnAccess_WatchOff_NeverReloads()
    {
        var time = new ManualTimeProvider();
        var firstWrite = new DateTime(2025, 1, 1, 10, 0, 0, DateTimeKind.Utc);
        WriteUserFile(Temperature(0.5), firstWrite);
        PromptLibrary library = Create(watch: false, time: time);

        WriteUserFile(Temperature(0.75), firstWrite.AddSeconds(5));
        time.Advance(TimeSpan.FromMinutes(1));

        library.Get("qa").Temperature.ShouldBe(0.5);
    }
}
