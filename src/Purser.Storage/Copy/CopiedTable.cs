namespace Purser.Storage.Copy;

/// <summary>
/// One table of a <c>purser db copy</c>: the rows of the source, how many this run wrote (the rest were already in the
/// target), and the rows of the source found in the target afterwards, with the sum that proves them (pico-dollars: the
/// ledger's cost, the analyses' cost; 0 for the tables that hold no money).
/// </summary>
internal sealed record CopiedTable(string Name, long SourceRows, long Written, long FoundInTarget, long SourceSum, long TargetSum)
{
    public bool Verified => FoundInTarget == SourceRows && SourceSum == TargetSum;
}
