namespace Purser.Bench.Report;

/// <summary>A gateway's resident memory in KiB: after start-up (idle), the highest sample under measured load, and the kernel's lifetime peak (VmHWM).</summary>
internal sealed record MemoryFigures(string Gateway, long? IdleKb, long? PeakUnderLoadKb, long? HighWaterMarkKb);
