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
        new(2, "response_cache", """
            CREATE TABLE cache_entries (
                key                BLOB    NOT NULL PRIMARY KEY,
                partition          TEXT    NOT NULL,
                operation          TEXT    NOT NULL,
                provider           TEXT    NOT NULL,
                model              TEXT    NOT NULL,
                created_ms         INTEGER NOT NULL,
                expires_ms         INTEGER NOT NULL,
                bytes              INTEGER NOT NULL,
                response           TEXT    NOT NULL,
                from_stream        INTEGER NOT NULL,
                input_tokens       INTEGER NOT NULL,
                cached_tokens      INTEGER NOT NULL,
                cache_write_tokens INTEGER NOT NULL,
                output_tokens      INTEGER NOT NULL,
                reasoning_tokens   INTEGER NOT NULL,
                usage_estimated    INTEGER NOT NULL,
                cost_pico          INTEGER
            );
            CREATE INDEX ix_cache_entries_expires ON cache_entries(expires_ms);
            CREATE INDEX ix_cache_entries_operation ON cache_entries(operation, created_ms);

            ALTER TABLE ledger ADD COLUMN cache_status TEXT;
            ALTER TABLE ledger ADD COLUMN cache_saved_tokens INTEGER NOT NULL DEFAULT 0;
            CREATE INDEX ix_ledger_cache_ts ON ledger(cache_status, ts_ms);
            """),
        new(3, "ledger hourly rollups", LedgerRollup.MigrationSql),
        new(4, "keys, budgets and alerts", """
            CREATE TABLE virtual_keys (
                id          TEXT    PRIMARY KEY,
                name        TEXT    NOT NULL,
                hash        BLOB    NOT NULL,
                project     TEXT,
                agent       TEXT,
                user_name   TEXT,
                tags        TEXT,
                models      TEXT,
                created_ms  INTEGER NOT NULL,
                revoked_ms  INTEGER
            ) WITHOUT ROWID;

            CREATE TABLE budgets (
                name        TEXT    PRIMARY KEY,
                definition  TEXT    NOT NULL,
                updated_ms  INTEGER NOT NULL
            ) WITHOUT ROWID;

            CREATE TABLE budget_alerts (
                id              INTEGER PRIMARY KEY,
                ts_ms           INTEGER NOT NULL,
                budget          TEXT    NOT NULL,
                value           TEXT    NOT NULL,
                scope           TEXT    NOT NULL,
                window_name     TEXT    NOT NULL,
                window_start_ms INTEGER NOT NULL,
                resets_ms       INTEGER,
                level           INTEGER NOT NULL,
                kind            TEXT    NOT NULL,
                unit            TEXT    NOT NULL,
                spent_units     INTEGER NOT NULL,
                limit_units     INTEGER NOT NULL,
                percent         REAL    NOT NULL,
                message         TEXT    NOT NULL
            );
            CREATE UNIQUE INDEX ux_budget_alerts_once ON budget_alerts(budget, value, window_start_ms, level);
            CREATE INDEX ix_budget_alerts_ts ON budget_alerts(ts_ms);
            """),

        // The developer assistant: stored file analyses, registered repositories and their scanned files, notes.
        new(5, "assistant", """
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
        new(7, "responses conversation state", """
            CREATE TABLE responses (
                id           TEXT    PRIMARY KEY,
                previous_id  TEXT,
                key_id       TEXT,
                created_ms   INTEGER NOT NULL,
                expires_ms   INTEGER NOT NULL,
                bytes        INTEGER NOT NULL,
                input        BLOB    NOT NULL,
                response     BLOB    NOT NULL
            );
            CREATE INDEX ix_responses_expires ON responses(expires_ms);
            CREATE INDEX ix_responses_created ON responses(created_ms);
            """),

        // Learned templates of code generation (issue 13), with the versions upgrades and edits replaced.
        new(8, "learned templates", """
            CREATE TABLE templates (
                id               INTEGER PRIMARY KEY,
                signature        TEXT    NOT NULL UNIQUE,
                operation        TEXT    NOT NULL,
                language         TEXT    NOT NULL,
                stack            TEXT    NOT NULL,
                task             TEXT    NOT NULL,
                pattern          TEXT    NOT NULL,
                parameters       TEXT    NOT NULL,
                code             TEXT    NOT NULL,
                score            INTEGER NOT NULL,
                source_model     TEXT,
                source_cost_pico INTEGER,
                version          INTEGER NOT NULL,
                created_ms       INTEGER NOT NULL,
                updated_ms       INTEGER NOT NULL,
                uses             INTEGER NOT NULL DEFAULT 0,
                saved_pico       INTEGER NOT NULL DEFAULT 0,
                last_used_ms     INTEGER
            );
            CREATE INDEX ix_templates_lookup ON templates(operation, language, stack);

            CREATE TABLE template_history (
                template_id      INTEGER NOT NULL REFERENCES templates(id) ON DELETE CASCADE,
                version          INTEGER NOT NULL,
                task             TEXT    NOT NULL,
                parameters       TEXT    NOT NULL,
                code             TEXT    NOT NULL,
                score            INTEGER NOT NULL,
                source_model     TEXT,
                source_cost_pico INTEGER,
                replaced_ms      INTEGER NOT NULL,
                reason           TEXT    NOT NULL,
                PRIMARY KEY (template_id, version)
            ) WITHOUT ROWID;
            """),
        // The dashboard and GET /api/calls: the secret guard's action on each call, an index per call filter (each
        // ordered by time, so a filtered page newest first reads only the rows it shows), and the cache's misses,
        // bypasses and savings in the hourly rollups (cache statistics over any period without scanning the ledger).
        new(12, "call filters and cache rollups", """
            ALTER TABLE ledger ADD COLUMN guard TEXT;
            CREATE INDEX ix_ledger_provider_ts ON ledger(provider, ts_ms);
            CREATE INDEX ix_ledger_deployment_ts ON ledger(deployment, ts_ms);
            CREATE INDEX ix_ledger_agent_ts ON ledger(agent, ts_ms);
            CREATE INDEX ix_ledger_key_ts ON ledger(key_id, ts_ms);
            CREATE INDEX ix_ledger_route_ts ON ledger(route, ts_ms);
            CREATE INDEX ix_ledger_errors_ts ON ledger(ts_ms) WHERE outcome <> 'ok';
            """ + LedgerRollup.CacheColumnsMigrationSql),

        // purser run (issue 12): keys carry a repository and a model mapping; sessions (a session's rows are read by ix_ledger_key_ts, migration 12).
        new(13, "purser run sessions", """
            ALTER TABLE virtual_keys ADD COLUMN repository TEXT;
            ALTER TABLE virtual_keys ADD COLUMN model TEXT;

            CREATE TABLE sessions (
                id             TEXT    PRIMARY KEY,
                agent          TEXT    NOT NULL,
                command        TEXT,
                repository     TEXT,
                project        TEXT,
                tags           TEXT,
                model          TEXT,
                budget_pico    INTEGER,
                budget_tokens  INTEGER,
                started_ms     INTEGER NOT NULL,
                ended_ms       INTEGER,
                exit_code      INTEGER
            ) WITHOUT ROWID;
            CREATE INDEX ix_sessions_started ON sessions(started_ms);
            """),

        // Rate limits of virtual keys (issue 20): requests and tokens per minute and per day; NULL = no limit.
        new(15, "key rate limits", """
            ALTER TABLE virtual_keys ADD COLUMN rpm INTEGER;
            ALTER TABLE virtual_keys ADD COLUMN tpm INTEGER;
            ALTER TABLE virtual_keys ADD COLUMN rpd INTEGER;
            ALTER TABLE virtual_keys ADD COLUMN tpd INTEGER;
            """),
    ];
}
