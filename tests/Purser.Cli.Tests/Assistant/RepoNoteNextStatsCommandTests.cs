using System.Text.Json.Nodes;

namespace Purser.Cli.Tests.Assistant;

public sealed class RepoNoteNextStatsCommandTests
{
    [Fact]
    public async Task Repo_AddAnalyzeTreeFilesListRemove()
    {
        using var cli = new CliRunner();
        CannedModel.WriteFile(cli, "proj/src/a.py", "a = 1\nb = 2\n");
        CannedModel.WriteFile(cli, "proj/src/lib/b.cs", "class B {}\n");
        CannedModel.WriteFile(cli, "proj/docs/readme.md", "# hi\n");
        CannedModel.WriteFile(cli, "proj/run", "#!/usr/bin/env bash\necho hi\n");

        var (add, addOut) = await cli.RunAsync("repo", "add", "proj", "--name", "proj");
        var (dup, dupOut) = await cli.RunAsync("repo", "add", "proj", "--name", "again");
        var (scan, scanOut) = await cli.RunAsync("repo", "analyze", "proj");
        var (tree, treeOut) = await cli.RunAsync("repo", "tree", "proj", "--depth", "1");
        var (files, filesOut) = await cli.RunAsync("repo", "files", "proj", "--language", "py", "--json");
        var (list, listOut) = await cli.RunAsync("repo", "list");

        add.ShouldBe(0, addOut);
        addOut.ShouldContain("Registered proj");
        dup.ShouldBe(1);
        dupOut.ShouldContain("already registered as 'proj'");
        scan.ShouldBe(0, scanOut);
        scanOut.ShouldContain("proj: 4 files, 6 lines");
        scanOut.ShouldContain("Python");
        scanOut.ShouldContain("Shell");
        tree.ShouldBe(0, treeOut);
        treeOut.ShouldContain("src/");
        treeOut.ShouldContain("2 files, 3 lines");
        treeOut.ShouldNotContain("lib/");
        files.ShouldBe(0, filesOut);
        JsonNode.Parse(filesOut)!.AsArray().Single()!["path"]!.GetValue<string>().ShouldBe("src/a.py");
        list.ShouldBe(0);
        listOut.ShouldContain("proj");

        var (remove, _) = await cli.RunAsync("repo", "remove", "proj");
        var (gone, goneOut) = await cli.RunAsync("repo", "files", "proj");
        remove.ShouldBe(0);
        gone.ShouldBe(1);
        goneOut.ShouldContain("No registered repository 'proj'");
    }

    [Fact]
    public async Task Repo_TreeOfANeverScannedRepository_ScansItFirst()
    {
        using var cli = new CliRunner();
        CannedModel.WriteFile(cli, "p/x/y.go", "package x\n");
        await cli.RunAsync("repo", "add", "p");

        var (code, output) = await cli.RunAsync("repo", "tree", "p");

        code.ShouldBe(0, output);
        output.ShouldContain("y.go");
    }

    [Fact]
    public async Task Note_AddListSearchStatusWorkflow()
    {
        using var cli = new CliRunner();

        var (add, addOut) = await cli.RunAsync("note", "add", "Fix the token refresh", "--tags", "auth,bug");
        await cli.RunAsync("note", "add", "Write the export docs", "--tags", "docs");
        var (status, statusOut) = await cli.RunAsync("note", "status", "1", "active");
        var (active, activeOut) = await cli.RunAsync("note", "list", "--status", "active", "--json");
        var (tagged, taggedOut) = await cli.RunAsync("note", "list", "--tag", "docs");
        var (search, searchOut) = await cli.RunAsync("note", "search", "token", "refresh");
        var (missing, missingOut) = await cli.RunAsync("note", "status", "99", "done");
        var (bad, _) = await cli.RunAsync("note", "status", "1", "finished");

        add.ShouldBe(0, addOut);
        addOut.ShouldContain("Note #1 added");
        status.ShouldBe(0);
        statusOut.ShouldContain("inbox → active");
        JsonNode.Parse(activeOut)!.AsArray().Single()!["status"]!.GetValue<string>().ShouldBe("active");
        taggedOut.ShouldContain("Write the export docs");
        taggedOut.ShouldNotContain("token refresh");
        search.ShouldBe(0);
        searchOut.ShouldContain("Fix the token refresh");
        missing.ShouldBe(1);
        missingOut.ShouldContain("no note #99");
        bad.ShouldNotBe(0);
    }

    [Fact]
    public async Task Next_RecommendsFromNotesAndScoresExplainingWhy()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, CannedModel.Scores);
        CannedModel.WriteFile(cli, "users.py", "import db\nq = 'SELECT ' + name\n");
        await cli.RunAsync("analyze", "file", "users.py", "--model", CannedModel.Model);
        await cli.RunAsync("note", "add", "Ship the export");
        await cli.RunAsync("note", "status", "1", "active");
        await cli.RunAsync("note", "add", "Triage the flaky test");

        var (code, output) = await cli.RunAsync("next");
        var (json, jsonOut) = await cli.RunAsync("next", "--json");

        code.ShouldBe(0, output);
        output.ShouldContain("1. Fix the security issue in users.py:2");
        output.ShouldContain("Why:");
        output.ShouldContain("SQL injection through name.");
        output.ShouldContain("Finish note #1");
        output.ShouldContain("Triage note #2");
        json.ShouldBe(0);
        JsonNode.Parse(jsonOut)!["recommendations"]!.AsArray().Select(r => r!["kind"]!.GetValue<string>()).ShouldBe(["security", "note", "inbox"]);
    }

    [Fact]
    public async Task Stats_CountsWhatTheDatabaseHolds()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, CannedModel.Scores);
        CannedModel.WriteFile(cli, "a.py", "x = 1\n");
        await cli.RunAsync("analyze", "file", "a.py", "--model", CannedModel.Model);
        await cli.RunAsync("note", "add", "n");

        var (code, output) = await cli.RunAsync("stats");
        var (json, jsonOut) = await cli.RunAsync("stats", "--json");

        code.ShouldBe(0, output);
        output.ShouldContain("Purser statistics");
        output.ShouldContain("1 calls");
        output.ShouldContain("1 inbox");
        json.ShouldBe(0);
        JsonNode stats = JsonNode.Parse(jsonOut)!;
        stats["ledger"]!["calls"]!.GetValue<long>().ShouldBe(1);
        stats["analyses"]!["files"]!.GetValue<long>().ShouldBe(1);
        stats["notes_inbox"]!.GetValue<long>().ShouldBe(1);
        stats["schema_version"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(2);
    }
}
