using Purser.Assistant.Notes;
using Purser.Assistant.Tests.TestSupport;

namespace Purser.Assistant.Tests.Notes;

public sealed class SqliteNoteStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Add_StartsInTheInboxWithCleanTags()
    {
        using var fixture = new AssistantFixture();

        Note note = await fixture.Notes.AddAsync("Fix login", [" auth", "bug ", "AUTH", ""], T0, default);

        note.Status.ShouldBe(NoteStatus.Inbox);
        note.Tags.ShouldBe(["auth", "bug"]);
        (await fixture.Notes.GetAsync(note.Id, default))!.Tags.Count.ShouldBe(2);
    }

    [Fact]
    public async Task List_FiltersByTagAndStatusNewestFirst()
    {
        using var fixture = new AssistantFixture();
        Note a = await fixture.Notes.AddAsync("a", ["x"], T0, default);
        Note b = await fixture.Notes.AddAsync("b", ["y"], T0, default);
        Note c = await fixture.Notes.AddAsync("c", ["x"], T0, default);
        await fixture.Notes.SetStatusAsync(c.Id, NoteStatus.Active, T0.AddHours(1), default);

        (await fixture.Notes.ListAsync(null, null, default)).Select(n => n.Id).ShouldBe([c.Id, b.Id, a.Id]);
        (await fixture.Notes.ListAsync("X", null, default)).Select(n => n.Id).ShouldBe([c.Id, a.Id]);
        (await fixture.Notes.ListAsync("x", NoteStatus.Inbox, default)).Select(n => n.Id).ShouldBe([a.Id]);
        (await fixture.Notes.ListAsync(null, NoteStatus.Active, default)).Single().UpdatedAt.ShouldBe(T0.AddHours(1));
    }

    [Fact]
    public async Task Search_NeedsEveryWordInTextOrTagsAndRanksByMatches()
    {
        using var fixture = new AssistantFixture();
        await fixture.Notes.AddAsync("Cache the token counts", ["perf"], T0, default);
        Note twice = await fixture.Notes.AddAsync("token budget: the token refresh is slow", ["perf"], T0, default);
        await fixture.Notes.AddAsync("unrelated", [], T0, default);
        await fixture.Notes.AddAsync("100% literal_underscore", [], T0, default);

        (await fixture.Notes.SearchAsync(["token", "PERF"], default)).Select(n => n.Text).ShouldBe([twice.Text, "Cache the token counts"]);
        (await fixture.Notes.SearchAsync(["token slow"], default)).Single().Id.ShouldBe(twice.Id);
        (await fixture.Notes.SearchAsync(["%"], default)).Single().Text.ShouldStartWith("100%");
        (await fixture.Notes.SearchAsync(["l_u"], default)).Single().Text.ShouldContain("literal_underscore");
        (await fixture.Notes.SearchAsync(["missing"], default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task SetStatus_UnknownNote_IsNull_CountsFollowTheWorkflow()
    {
        using var fixture = new AssistantFixture();
        Note a = await fixture.Notes.AddAsync("a", [], T0, default);
        await fixture.Notes.AddAsync("b", [], T0, default);
        await fixture.Notes.SetStatusAsync(a.Id, NoteStatus.Done, T0, default);

        (await fixture.Notes.SetStatusAsync(999, NoteStatus.Done, T0, default)).ShouldBeNull();
        IReadOnlyDictionary<NoteStatus, long> counts = await fixture.Notes.CountsAsync(default);
        counts[NoteStatus.Inbox].ShouldBe(1);
        counts[NoteStatus.Done].ShouldBe(1);
        counts[NoteStatus.Active].ShouldBe(0);
    }
}
