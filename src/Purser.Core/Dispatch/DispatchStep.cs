namespace Purser.Dispatch;

/// <summary>What a dispatch pass does after an attempt's outcome was handled.</summary>
internal enum DispatchStep
{
    /// <summary>Try the next deployment.</summary>
    Continue,

    /// <summary>The call ends without a further attempt (cancelled, past its deadline, or a failure that allows no fallback).</summary>
    Stop,

    /// <summary>The attempt served the call.</summary>
    Served,
}
