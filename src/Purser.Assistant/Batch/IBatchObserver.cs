namespace Purser.Assistant.Batch;

/// <summary>Follows a repository analysis as it runs (the progress bar). Calls are serialised: one at a time.</summary>
internal interface IBatchObserver
{
    /// <summary>The files are known: <paramref name="total"/> to go through, of which <paramref name="reused"/> are unchanged.</summary>
    void OnPlanned(int total, int reused);

    void OnFileStarted(string path);

    void OnFileDone(BatchFileResult result, BatchProgress progress);
}
