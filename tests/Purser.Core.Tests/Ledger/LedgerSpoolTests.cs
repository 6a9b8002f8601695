using Purser.Ledger;

namespace Purser.Core.Tests.Ledger;

public sealed class LedgerSpoolTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "purser-spool-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Append_ThenClaim_ReadsEveryFieldBack()
    {
        using var spool = new LedgerSpool(_folder, TimeProvider.System);
        var row = new LedgerEntry
        {
            RequestId = "req_1",
            Timestamp = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            Project = "p",
            Tags = ["a", "b"],
            InputTokens = 1000,
            OutputTokens = 500,
            CostUsd = 0.0125m,
            Status = 200,
            AttemptDetails = [new LedgerAttempt(1, "openai/gpt-4o", DateTimeOffset.UnixEpoch, 12.5, "ok", null, 1000, 0, 0, 500, 0, 0.0125m)],
        };

        spool.Append([row]);
        SpoolClaim claim = spool.Claim();

        LedgerEntry back = claim.Rows.Single();
        back.RequestId.ShouldBe("req_1");
        back.Timestamp.ShouldBe(row.Timestamp);
        back.Tags.ShouldBe(["a", "b"]);
        back.CostUsd.ShouldBe(0.0125m);
        back.AttemptDetails.Single().ShouldBe(row.AttemptDetails[0]);
        spool.Count.ShouldBe(1);
    }

    [Fact]
    public void Claim_LineCutOffByACrash_IsSkippedAndTheRestRead()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "20260101T000000000-1-dead.jsonl"), "\n{\"request_id\":\"ok1\",\"status\":200}\n{\"request_id\":\"cut\",\"sta\n{\"request_id\":\"ok2\",\"status\":200}");
        using var spool = new LedgerSpool(_folder, TimeProvider.System);

        SpoolClaim claim = spool.Claim();

        claim.Rows.Select(r => r.RequestId).ShouldBe(["ok1", "ok2"]);
        claim.Unreadable.ShouldBe(1);
        spool.Release(claim, written: true);
        Directory.GetFiles(_folder).ShouldBeEmpty();
    }

    [Fact]
    public void Claim_SameCallTwice_KeepsTheLastVersionInTheFirstsPlace()
    {
        using var spool = new LedgerSpool(_folder, TimeProvider.System);
        spool.Append([new LedgerEntry { RequestId = "a", Status = 200 }, new LedgerEntry { RequestId = "b", Status = 200 }]);
        spool.Append([new LedgerEntry { RequestId = "a", Status = 503 }]);

        SpoolClaim claim = spool.Claim();

        claim.Rows.Select(r => (r.RequestId, r.Status)).ShouldBe([("a", 503), ("b", 200)]);
    }

    [Fact]
    public void Append_AfterTheFolderWasDeleted_CarriesTheRowsIntoANewFile()
    {
        var spool = new LedgerSpool(_folder, TimeProvider.System);
        spool.Append([new LedgerEntry { RequestId = "early" }]);

        Directory.Delete(_folder, recursive: true); // the data folder removed under the running process
        spool.Append([new LedgerEntry { RequestId = "late" }]);
        spool.Dispose();

        string file = Directory.GetFiles(_folder).Single();
        File.ReadAllText(file).ShouldContain("\"early\"");
        File.ReadAllText(file).ShouldContain("\"late\"");
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
