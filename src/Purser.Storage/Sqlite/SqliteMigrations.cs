namespace Purser.Storage.Sqlite;

/// <summary>
/// The embedded database's schema, as an ordered list of migrations. Never edit a released migration:
/// add the next one. Money is stored as integer pico-dollars (10^-12 USD), so sums are exact.
/// </summary>
internal static class SqliteMigrations
{
    public static readonly IReadOnlyList<SqliteMigration> All =
    [
        new(1, "ledger", """
            CREATE TABLE ledger (
                id                 INTEGER PRIMARY KEY,
                ts_ms              INTEGER NOT NULL,
                request_id         TEXT    NOT NULL,
                key_id             TEXT,
                user_name          TEXT,
                project            TEXT,
                agent              TEXT,
                operation          TEXT    NOT NULL,
                repository         TEXT,
                tags               TEXT,
                requested_model    TEXT,
                provider           TEXT,
                model              TEXT,
                deployment         TEXT,
                input_tokens       INTEGER NOT NULL,
                cached_tokens      INTEGER NOT NULL,
                cache_write_tokens INTEGER NOT NULL,
                output_tokens      INTEGER NOT NULL,
                reasoning_tokens   INTEGER NOT NULL,
                total_tokens       INTEGER NOT NULL,
                cost_pico          INTEGER,
                cost_estimated     INTEGER NOT NULL,
                saved_pico         INTEGER,
                tokens_saved       INTEGER NOT NULL,
                latency_ms         REAL    NOT NULL,
                ttft_ms            REAL,
                status             INTEGER NOT NULL,
                outcome            TEXT    NOT NULL,
                error              TEXT,
                attempts           INTEGER NOT NULL,
                cache_hit          INTEGER NOT NULL,
                stream             INTEGER NOT NULL,
                protocol           TEXT,
                route              TEXT,
                route_reason       TEXT,
                budget_tier        TEXT
            );
            CREATE UNIQUE INDEX ux_ledger_request ON ledger(request_id);
            CREATE INDEX ix_ledger_ts ON ledger(ts_ms);
            CREATE INDEX ix_ledger_model_ts ON ledger(model, ts_ms);
            CREATE INDEX ix_ledger_project_ts ON ledger(project, ts_ms);

            CREATE TABLE ledger_attempts (
                ledger_id          INTEGER NOT NULL REFERENCES ledger(id),
                number             INTEGER NOT NULL,
                deployment         TEXT    NOT NULL,
                started_ms         INTEGER NOT NULL,
                elapsed_ms         REAL    NOT NULL,
                outcome            TEXT    NOT NULL,
                upstream_status    INTEGER,
                input_tokens       INTEGER NOT NULL,
                cached_tokens      INTEGER NOT NULL,
                cache_write_tokens INTEGER NOT NULL,
                output_tokens      INTEGER NOT NULL,
                reasoning_tokens   INTEGER NOT NULL,
                cost_pico          INTEGER,
                PRIMARY KEY (ledger_id, number)
            ) WITHOUT ROWID;

            CREATE TABLE ledger_tags (
                tag       TEXT    NOT NULL,
                ledger_id INTEGER NOT NULL REFERENCES ledger(id),
                PRIMARY KEY (tag, ledger_id)
            ) WITHOUT ROWID;

            CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
            CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
            """),

        // The developer assistant: stored file analyses, registered repositories and their scanned files, notes.
        new(2, "assistant", """
            CREATE TABLE analyses (
                id              INTEGER PRIMARY KEY,
                created_ms      INTEGER NOT NULL,
                full_path       TEXT    NOT NULL,
                repository      TEXT,
                path            TEXT    NOT NULL,
                language        TEXT    NOT NULL,
                content_hash    TEXT    NOT NULL,
                prompt_name     TEXT    NOT NULL,
                prompt_version  TEXT    NOT NULL,
                model           TEXT    NOT NULL,
                served_by       TEXT,
                overall         INTEGER,
                security        INTEGER,
                quality         INTEGER,
                complexity      INTEGER,
                maintainability INTEGER,
                errors          INTEGER NOT NULL,
                warnings        INTEGER NOT NULL,
                notes           INTEGER NOT NULL,
                cost_pico       INTEGER,
                reused          INTEGER NOT NULL,
                result_json     TEXT    NOT NULL
            );
            CREATE INDEX ix_analyses_lookup ON analyses(content_hash, prompt_name, prompt_version, model);
            CREATE INDEX ix_analyses_path ON analyses(full_path, id);

            CREATE TABLE repositories (
                id         INTEGER PRIMARY KEY,
                name       TEXT    NOT NULL COLLATE NOCASE UNIQUE,
                root       TEXT    NOT NULL UNIQUE,
                added_ms   INTEGER NOT NULL,
                scanned_ms INTEGER
            );

            CREATE TABLE repository_files (
                repository_id INTEGER NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
                path          TEXT    NOT NULL,
                language      TEXT,
                bytes         INTEGER NOT NULL,
                lines         INTEGER NOT NULL,
                is_binary     INTEGER NOT NULL,
                modified_ms   INTEGER NOT NULL,
                PRIMARY KEY (repository_id, path)
            ) WITHOUT ROWID;

            CREATE TABLE notes (
                id         INTEGER PRIMARY KEY,
                text       TEXT    NOT NULL,
                status     TEXT    NOT NULL CHECK (status IN ('inbox', 'active', 'done')),
                created_ms INTEGER NOT NULL,
                updated_ms INTEGER NOT NULL
            );

            CREATE TABLE note_tags (
                note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
                tag     TEXT    NOT NULL COLLATE NOCASE,
                PRIMARY KEY (note_id, tag)
            ) WITHOUT ROWID;
            CREATE INDEX ix_note_tags_tag ON note_tags(tag);
            """),
    ];
}
