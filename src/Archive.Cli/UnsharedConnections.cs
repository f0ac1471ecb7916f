using SQLitePCL;

namespace Archive.Cli;

/// <summary>
/// Puts SQLite in its multi-thread mode for a batch command that owns its process: connections opened afterwards have
/// no mutex of their own. In the default (serialized) mode every call on a connection locks and unlocks that
/// connection's mutex, one column read included. A verify of Reuters reads about 2.9 million columns: 3.1 million
/// lock and unlock pairs, 7 % of its CPU by <c>perf</c>. The check does not change. In multi-thread mode SQLite's own
/// shared structures keep their locks; only a connection, and a statement of it, must be used by one thread at a time.
/// That holds in verify: each of its jobs (the log read's ranges, the catalog check's ranges, the index check, the
/// vectors' check) opens its own connection or takes a pooled one, which Microsoft.Data.Sqlite hands to one caller at
/// a time, and none is kept in a field that two threads reach. A server, which would gain little, is left serialized.
/// SQLite takes the mode only before it first starts in the process; after that nothing changes.
/// </summary>
internal static class UnsharedConnections
{
    /// <summary>True when SQLite took multi-thread mode; false when it had already started (the mode stays serialized).</summary>
    public static bool Use()
    {
        Batteries_V2.Init();
        return raw.sqlite3_config(raw.SQLITE_CONFIG_MULTITHREAD) == raw.SQLITE_OK;
    }
}
