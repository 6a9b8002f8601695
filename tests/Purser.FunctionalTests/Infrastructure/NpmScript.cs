using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Purser.FunctionalTests.Infrastructure;

/// <summary>Runs a script of tests/js (the official npm clients, installed by scripts/test.sh) and reads the JSON it prints.</summary>
public static class NpmScript
{
    /// <param name="script">The script in tests/js (clients.mjs, genai.mjs).</param>
    /// <param name="package">A package the script needs, to say plainly when npm ci has not run.</param>
    /// <param name="only">Run only the checks whose name starts with this (clients.mjs).</param>
    public static async Task<JsonObject> RunAsync(string script, string package, string url, string model, string? only = null)
    {
        string folder = FindJsFolder();
        File.Exists(Path.Combine(folder, "node_modules", package, "package.json")).ShouldBeTrue($"npm packages are missing: run `npm ci` in {folder} (scripts/test.sh does).");
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(url);
        start.ArgumentList.Add(model);
        if (only is not null)
        {
            start.ArgumentList.Add(only);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        string output = await stdout;
        process.ExitCode.ShouldBe(0, await stderr);
        return JsonNode.Parse(output)!.AsObject();
    }

    public static string FindJsFolder()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "js");
            if (File.Exists(Path.Combine(candidate, "clients.mjs")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/js/clients.mjs not found above " + AppContext.BaseDirectory);
    }
}
