namespace Purser.Calls;

/// <summary>A page of calls, newest first: the filter, how many, and where the previous page ended.</summary>
internal sealed record CallQuery(CallFilter Filter, int Limit = CallQuery.DefaultLimit, CallCursor? After = null)
{
    public const int DefaultLimit = 50;

    public const int MaxLimit = 500;
}
