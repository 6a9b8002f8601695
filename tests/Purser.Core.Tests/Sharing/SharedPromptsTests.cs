using Microsoft.Extensions.Logging.Abstractions;
using Purser.Core.Tests.Prompts;
using Purser.Errors;
using Purser.Prompts;
using Purser.Sharing;

namespace Purser.Core.Tests.Sharing;

/// <summary>
/// The prompt file shared by the instances of one database (<see cref="SharedPrompts"/>): two instances, each with a file
/// of its own, on one store; what one saves the other takes, nothing echoes back, and a save the database could not take
/// is shared later rather than overwritten.
/// </summary>
public sealed class SharedPromptsTests : IDisposable
{
    private const string Hot = """{ "prompts": { "qa": { "temperature": 0.9 } } }""";
    private const string Cold = """{ "prompts": { "qa": { "temperature": 0.1 } } }""";

    private readonly TempFolder _a = new();
    private readonly TempFolder _b = new();
    private readonly FakeStore _store = new();
    private readonly Announcements _changes = new();

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }

    [Fact]
    public void SavedOnOne_TakenByTheOther_AtTheNotice_WithoutEcho()
    {
        File.WriteAllText(_a.File("prompts.json"), Hot);
        using PromptLibrary a = Library(_a);
        using PromptLibrary b = Library(_b);
        SharedPrompts sharedA = Shared(a);
        SharedPrompts sharedB = Shared(b);

        sharedA.Start(); // the first instance with a file of its own shares it
        sharedB.Start(); // the next takes it
        _store.Text.ShouldBe(Hot);
        b.Get("qa").Temperature.ShouldBe(0.9);
        _changes.Published.ShouldBe(1);

        a.SaveUserFile(Cold).ShouldBeNull();
        _store.Text.ShouldBe(Cold);
        _changes.Published.ShouldBe(2);
        sharedB.Apply(); // the notice
        b.Get("qa").Temperature.ShouldBe(0.1);
        File.ReadAllText(_b.File("prompts.json")).ShouldBe(Cold);
        _changes.Published.ShouldBe(2); // taking it announced nothing back
        _store.Writes.ShouldBe(2);
    }

    [Fact]
    public void SavedWhileTheDatabaseIsGone_IsSharedAtTheNextResync_NotOverwrittenByTheOldText()
    {
        _store.Text = Hot;
        using PromptLibrary a = Library(_a);
        SharedPrompts shared = Shared(a);
        shared.Start();
        a.Get("qa").Temperature.ShouldBe(0.9);

        _store.Down = true;
        a.SaveUserFile(Cold).ShouldBeNull();
        _store.Text.ShouldBe(Hot);
        _store.Down = false;
        shared.Apply(); // the resync

        _store.Text.ShouldBe(Cold);
        a.Get("qa").Temperature.ShouldBe(0.1);
    }

    private static PromptLibrary Library(TempFolder folder) =>
        new(new PromptLibraryOptions { File = folder.File("prompts.json"), Watch = false, CheckInterval = TimeSpan.FromHours(1) }, TimeProvider.System, logger: null, pollInBackground: false);

    private SharedPrompts Shared(PromptLibrary library) => new(library, _store, _changes, TimeProvider.System, NullLogger<SharedPrompts>.Instance);

    private sealed class FakeStore : IPromptFileStore
    {
        public string? Text { get; set; }

        public bool Down { get; set; }

        public int Writes { get; private set; }

        public string? Read() => Down ? throw new StorageUnavailableException("down") : Text;

        public void Write(string json, DateTimeOffset at)
        {
            if (Down)
            {
                throw new StorageUnavailableException("down");
            }

            Text = json;
            Writes++;
        }
    }

    private sealed class Announcements : ISharedChanges
    {
        public int Published { get; private set; }

        public bool IsShared => true;

        public event Action<SharedChange>? Received
        {
            add { }
            remove { }
        }

        public void Publish(string topic, string? detail = null)
        {
            topic.ShouldBe(SharedTopics.Prompts);
            Published++;
        }
    }
}
