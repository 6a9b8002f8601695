using System.Globalization;
using Purser.Assistant.Batch;
using Purser.Pricing;
using Spectre.Console;

namespace Purser.Cli.Rendering;

/// <summary>
/// Progress of <c>purser analyze repo</c> where there is no live terminal (CI logs, pipes): one plain line per file
/// analysed, with the count, the file's score and cost, the cost so far and the time left.
/// </summary>
internal sealed class BatchPlainObserver(IAnsiConsole console) : IBatchObserver
{
    private int _total;

    public void OnPlanned(int total, int reused)
    {
        _total = total;
        // Raw lines, never wrapped to the terminal width: log readers and grep want one line per event.
        console.Profile.Out.Writer.WriteLine(reused > 0
            ? $"{total} file(s): {total - reused} to analyse, {reused} unchanged since their last analysis (answered from the analysis store at $0)."
            : $"Analyzing {total} file(s).");
    }

    public void OnFileStarted(string path)
    {
    }

    public void OnFileDone(BatchFileResult result, BatchProgress progress)
    {
        if (result.Status == BatchFileStatus.Reused)
        {
            return;
        }

        string width = new('0', _total.ToString(CultureInfo.InvariantCulture).Length);
        string outcome = result.Status switch
        {
            BatchFileStatus.Analyzed => $"score {result.Analysis!.Scores.Overall}",
            BatchFileStatus.Partial => $"partial{(result.Analysis?.Scores.Overall is int s ? " score " + s.ToString(CultureInfo.InvariantCulture) : "")}",
            BatchFileStatus.Failed => "failed: " + result.Reason,
            BatchFileStatus.NotAnalyzed => "not analysed: " + result.Reason,
            _ => result.Reason ?? "",
        };
        string cost = result.CostUsd is decimal c ? CostFormatter.Format(c) : "cost unknown";
        string eta = progress.Eta is TimeSpan t ? BatchProgressObserver.Clock(t) : "--:--";
        console.Profile.Out.Writer.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"[{progress.Done.ToString(width, CultureInfo.InvariantCulture)}/{progress.Total}] {result.Path}  {outcome}  {cost}  (so far {CostFormatter.Format(progress.CostUsd)}, ETA {eta})"));
    }
}
