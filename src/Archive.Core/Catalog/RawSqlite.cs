using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Archive.Core.Catalog;

/// <summary>For the few whole-table passes that read SQLite's row buffers directly, without ADO.NET's per-row objects.</summary>
internal static class RawSqlite
{
    /// <summary>Throws the <see cref="SqliteException"/> ADO.NET would for a result code other than OK.</summary>
    public static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    /// <summary>Steps <paramref name="statement"/>: true for a row, false when done; throws on an error.</summary>
    public static bool Step(sqlite3 db, sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }

        return false;
    }
}
