namespace Purser.Sessions;

/// <summary>Where sessions are kept, and the sums of their ledger rows.</summary>
internal interface ISessionStore
{
    void Insert(SessionRecord session);

    /// <summary>Records the end; false when there is no such session or it had already ended.</summary>
    bool End(string id, DateTimeOffset at, int? exitCode);

    SessionRecord? Find(string id);

    /// <summary>The most recent sessions first.</summary>
    IReadOnlyList<SessionRecord> List(int limit);

    /// <summary>Sums the ledger rows charged to the session's key.</summary>
    SessionFigures Figures(string id);
}
