namespace Purser.Budgets;

/// <summary>
/// The first call on a deployment under a hard budget is its calibration probe: until it has settled, other calls on
/// the deployment wait (bounded) before they reserve, so they reserve with what the probe taught
/// <see cref="UsageCalibration"/> rather than all at Purser's count. Each deployment is probed once per process, whatever
/// the probe's outcome, so a failing deployment never serialises traffic; a probe whose reservation expired (a stuck
/// call) is replaced by the next call.
/// </summary>
internal sealed class CalibrationProbes
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Probe> _running = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _done = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Either makes <paramref name="reservation"/>'s call the probe of <paramref name="deployment"/> (true), or says the
    /// deployment is probed already (true, <paramref name="wait"/> null), or returns the running probe's end to wait for.
    /// </summary>
    public bool TryEnter(string deployment, BudgetReservation reservation, DateTimeOffset now, out Task? wait)
    {
        wait = null;
        lock (_lock)
        {
            if (_done.Contains(deployment))
            {
                return false;
            }

            if (_running.TryGetValue(deployment, out Probe? running) && running.Reservation.ExpiresAt > now)
            {
                wait = running.Ended.Task;
                return false;
            }

            running?.Ended.TrySetResult(); // a stuck probe: its waiters go too
            _running[deployment] = new Probe(reservation);
            return true;
        }
    }

    /// <summary>The probe of <paramref name="deployment"/> held by <paramref name="reservation"/>'s call ended: the deployment is probed.</summary>
    public void End(string deployment, BudgetReservation reservation)
    {
        lock (_lock)
        {
            if (_running.TryGetValue(deployment, out Probe? probe) && probe.Reservation == reservation)
            {
                _running.Remove(deployment);
                _done.Add(deployment);
                probe.Ended.TrySetResult();
            }
        }
    }

    private sealed record Probe(BudgetReservation Reservation)
    {
        public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
