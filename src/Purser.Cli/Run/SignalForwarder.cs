using System.Runtime.InteropServices;

namespace Purser.Cli.Run;

/// <summary>
/// Keeps <c>purser run</c> alive through Ctrl-C and termination signals and hands them to the agent. SIGTERM and SIGHUP
/// are always forwarded. SIGINT and SIGQUIT typed at the terminal already reach the agent (the terminal signals the
/// whole foreground process group, which the agent shares with purser), so they are forwarded only when they did not
/// come from the terminal (kill -INT, a supervisor) — an agent that treats a second Ctrl-C as "quit" sees one.
/// </summary>
internal sealed class SignalForwarder : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly Lock _lock = new();
    private readonly List<int> _pending = [];
    private int _pid;

    public SignalForwarder()
    {
        foreach (PosixSignal signal in (ReadOnlySpan<PosixSignal>)[PosixSignal.SIGINT, PosixSignal.SIGQUIT, PosixSignal.SIGTERM, PosixSignal.SIGHUP])
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, Handle));
        }
    }

    /// <summary>Whether a signal arrived before the agent started (the session then ends without starting it).</summary>
    public bool Interrupted
    {
        get
        {
            lock (_lock)
            {
                return _pid == 0 && _pending.Count > 0;
            }
        }
    }

    /// <summary>The signals are forwarded to <paramref name="pid"/> from now on (and those that came meanwhile, now).</summary>
    public void Attach(int pid)
    {
        int[] pending;
        lock (_lock)
        {
            _pid = pid;
            pending = [.. _pending];
            _pending.Clear();
        }

        foreach (int signal in pending)
        {
            Send(pid, signal);
        }
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            // Windows: Ctrl-C and Ctrl-Break reach every process on the console, the agent included.
            return;
        }

        int number = context.Signal switch
        {
            PosixSignal.SIGHUP => 1,
            PosixSignal.SIGINT => 2,
            PosixSignal.SIGQUIT => 3,
            _ => 15,
        };
        if (context.Signal is PosixSignal.SIGINT or PosixSignal.SIGQUIT && FromTerminal())
        {
            lock (_lock)
            {
                if (_pid == 0)
                {
                    _pending.Add(number);
                }
            }

            return;
        }

        int pid;
        lock (_lock)
        {
            pid = _pid;
            if (pid == 0)
            {
                _pending.Add(number);
                return;
            }
        }

        Send(pid, number);
    }

    /// <summary>Whether purser is in its terminal's foreground process group (so the terminal signalled the agent too).</summary>
    private static bool FromTerminal()
    {
        int group = GetProcessGroup();
        for (int fd = 0; fd <= 2; fd++)
        {
            int foreground = GetForegroundGroup(fd);
            if (foreground > 0)
            {
                return foreground == group;
            }
        }

        return false;
    }

    private static void Send(int pid, int signal) => _ = Kill(pid, signal);

    // Plain int signatures need no marshalling; DllImport keeps the project free of unsafe code.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "getpgrp")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetProcessGroup();

    [DllImport("libc", EntryPoint = "tcgetpgrp")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetForegroundGroup(int fd);
#pragma warning restore SYSLIB1054
}
