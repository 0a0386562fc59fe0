import GRDB

/// The database schema, as GRDB migrations. Append migrations; never edit a shipped one.
///
/// - sweeps: one row per sweep (id = grid name), with its latest submitted grid, state, and
///   trial counters by state, kept in step with every trial transition in the same
///   transaction (status is O(1), not a scan of a million trials).
/// - trials: global and content-addressed (id = TrialID); `seq` is insertion order = lease
///   order; `runnable` = how many running sweeps contain the trial (leasable iff pending and
///   runnable > 0, one partial index); `epoch` = leases granted so far; `attempts` = failures
///   spent from the retry budget. Rows are small (the canonical config JSON lives in
///   trialConfigs), so a batch of leases or results dirties few pages.
/// - membership: which sweeps hold which trials (a trial shared by two sweeps runs once).
/// - leases: every grant ever (active ones and their end: completed, expired, released,
///   stopped, superseded, failed), so a late result can be matched to its lease and epoch.
/// - results: at most one per trial, with provenance and receive time.
/// - workers, events: who did what; events is an append-only log. A worker's `slots` are the
///   trials it trains at once when its lease requests say (`trainingSlots`), else the trials
///   its last request asked for; `requested` is the latter, `prefetch` its leases held ready.
/// - points (v3): per sweep and grid point (a config without its seed) the statistics of its
///   finished trials (`CellStatistics`), updated with every trial that becomes done or
///   failed; membership.point says which point of the sweep a trial is.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE sweeps (
                  seq INTEGER PRIMARY KEY,
                  id TEXT NOT NULL UNIQUE,
                  description TEXT,
                  state TEXT NOT NULL CHECK (state IN ('running', 'paused', 'cancelled', 'finished')),
                  grid TEXT NOT NULL,
                  pending INTEGER NOT NULL DEFAULT 0,
                  leased INTEGER NOT NULL DEFAULT 0,
                  done INTEGER NOT NULL DEFAULT 0,
                  failed INTEGER NOT NULL DEFAULT 0,
                  createdAt REAL NOT NULL,
                  updatedAt REAL NOT NULL,
                  activatedAt REAL NOT NULL,
                  finishedAt REAL
                );
                CREATE TABLE trials (
                  seq INTEGER PRIMARY KEY,
                  id TEXT NOT NULL UNIQUE,
                  steps INTEGER NOT NULL,
                  state TEXT NOT NULL CHECK (state IN ('pending', 'leased', 'done', 'failed')),
                  runnable INTEGER NOT NULL DEFAULT 0,
                  epoch INTEGER NOT NULL DEFAULT 0,
                  attempts INTEGER NOT NULL DEFAULT 0,
                  lastError TEXT,
                  createdAt REAL NOT NULL,
                  updatedAt REAL NOT NULL
                );
                CREATE INDEX trials_leasable ON trials(seq) WHERE state = 'pending' AND runnable > 0;
                CREATE TABLE trialConfigs (
                  trial INTEGER PRIMARY KEY REFERENCES trials(seq),
                  config TEXT NOT NULL
                );
                CREATE TABLE membership (
                  sweep INTEGER NOT NULL REFERENCES sweeps(seq),
                  trial INTEGER NOT NULL REFERENCES trials(seq),
                  PRIMARY KEY (sweep, trial)
                ) WITHOUT ROWID;
                CREATE INDEX membership_trial ON membership(trial, sweep);
                CREATE TABLE leases (
                  id TEXT PRIMARY KEY,
                  trial INTEGER NOT NULL REFERENCES trials(seq),
                  epoch INTEGER NOT NULL,
                  worker TEXT NOT NULL,
                  state TEXT NOT NULL DEFAULT 'active'
                    CHECK (state IN ('active', 'completed', 'expired', 'released', 'stopped', 'superseded', 'failed')),
                  grantedAt REAL NOT NULL,
                  expiresAt REAL NOT NULL,
                  endedAt REAL
                ) WITHOUT ROWID;
                CREATE INDEX leases_active ON leases(expiresAt) WHERE state = 'active';
                CREATE INDEX leases_trial ON leases(trial);
                CREATE TABLE results (
                  trial INTEGER PRIMARY KEY REFERENCES trials(seq),
                  leaseId TEXT NOT NULL,
                  epoch INTEGER NOT NULL,
                  metrics TEXT NOT NULL,
                  worker TEXT NOT NULL,
                  host TEXT NOT NULL,
                  kernels TEXT,
                  version TEXT,
                  wallSeconds REAL,
                  receivedAt REAL NOT NULL
                );
                CREATE INDEX results_received ON results(receivedAt);
                CREATE TABLE workers (
                  name TEXT PRIMARY KEY,
                  host TEXT,
                  slots INTEGER NOT NULL DEFAULT 0,
                  done INTEGER NOT NULL DEFAULT 0,
                  failed INTEGER NOT NULL DEFAULT 0,
                  firstSeen REAL NOT NULL,
                  lastSeen REAL NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE events (
                  seq INTEGER PRIMARY KEY,
                  at REAL NOT NULL,
                  kind TEXT NOT NULL,
                  sweep TEXT,
                  trial TEXT,
                  worker TEXT,
                  detail TEXT
                );
                """)
        }
        // The dashboard's recent failures (`failures(limit:)`) read the newest `fail`/`failed`
        // events; without this they would scan the whole log when there are few or none.
        m.registerMigration("v2-failure-events") { db in
            try db.execute(sql: "CREATE INDEX events_failures ON events(seq) WHERE kind IN ('fail', 'failed')")
        }
        // The live phase table of any sweep size: statistics per grid point, maintained with
        // every result. Existing databases are filled from their results once, here.
        m.registerMigration("v3-points") { db in
            try db.execute(sql: """
                CREATE TABLE points (
                  id INTEGER PRIMARY KEY,
                  sweep INTEGER NOT NULL REFERENCES sweeps(seq),
                  key TEXT NOT NULL,
                  hasTest INTEGER NOT NULL,
                  expected INTEGER NOT NULL DEFAULT 0,
                  sums BLOB,
                  nmse BLOB,
                  UNIQUE (sweep, key)
                );
                ALTER TABLE membership ADD COLUMN point INTEGER;
                """)
            try GridPointBackfill.run(db)
        }
        // Workers say how many trials they train at once (`slots` then holds that, not the
        // trials asked for, which a lookahead makes much larger), how many leases they hold
        // ready beyond those, and `requested` keeps what the last lease request asked for.
        m.registerMigration("v4-worker-prefetch") { db in
            try db.execute(sql: """
                ALTER TABLE workers ADD COLUMN prefetch INTEGER;
                ALTER TABLE workers ADD COLUMN requested INTEGER;
                """)
        }
        return m
    }
}
