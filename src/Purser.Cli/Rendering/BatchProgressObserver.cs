using System.Globalization;
using Purser.Assistant.Batch;
using Spectre.Console;

namespace Purser.Cli.Rendering;

/// <summary>Drives the live progress bar of <c>purser analyze repo</c> in an interactive terminal.</summary>
internal sealed class BatchProgressObserver(ProgressTask task) : IBatchObserver
{
    public const string DoneKey = "done";
    public const string TotalKey = "total";
    public const string CostKey = "cost";
    public const string EtaKey = "eta";

    public void OnPlanned(int total, int reused)
    {
        task.IsIndeterminate = false;
        task.MaxValue = Math.Max(1, total);
        task.State.Update<int>(TotalKey, _ => total);
        task.Description = reused > 0 ? $"Analyzing ({reused} unchanged)" : "Analyzing";
    }

    public void OnFileStarted(string path) => task.Description = Markup.Escape(Shorten(path, 40));

    public void OnFileDone(BatchFileResult result, BatchProgress progress)
    {
        task.Value = progress.Done;
        task.State.Update<int>(DoneKey, _ => progress.Done);
        task.State.Update<decimal>(CostKey, _ => progress.CostUsd);
        task.State.Update<double>(EtaKey, _ => progress.Eta?.TotalSeconds ?? -1);
    }

    public static string Clock(TimeSpan time) =>
        time.TotalHours >= 1
            ? ((int)time.TotalHours).ToString(CultureInfo.InvariantCulture) + time.ToString("\\:mm\\:ss", CultureInfo.InvariantCulture)
            : time.ToString("mm\\:ss", CultureInfo.InvariantCulture);

    internal static string Shorten(string path, int max) => path.Length <= max ? path : "…" + path[^(max - 1)..];
}
