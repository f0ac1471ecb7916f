using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using SQLitePCL;

namespace Archive.Core.Catalog;

/// <summary>
/// A prepared statement stepped by direct calls into the SQLite library Microsoft.Data.Sqlite loaded, for verify's
/// whole-table passes, which read millions of columns. SQLitePCLRaw's own calls each take and release the statement's
/// safe handle and pass through a marshalling stub: in one verify of 21,000 documents that was about a third of the
/// CPU its check of the catalog against the log spent (perf). Here a column is one plain call, and the column
/// accessors skip the runtime's transition out of managed code (they only read the current row).
/// </summary>
/// <remarks>
/// The statement holds a reference on its connection's handle until it is disposed, and, like the connection, must be
/// used on one thread at a time. The calls name the library as SQLitePCLRaw's do (<c>e_sqlite3</c>), so the runtime
/// resolves them to the copy it already loaded.
/// </remarks>
internal sealed unsafe partial class NativeStatement : IDisposable
{
    private const string Library = "e_sqlite3";

    private readonly sqlite3 _db;
    private nint _statement;
    private bool _referenced;

    /// <summary>Prepares <paramref name="sql"/> on <paramref name="db"/>; throws the <see cref="Microsoft.Data.Sqlite.SqliteException"/> ADO.NET would.</summary>
    public NativeStatement(sqlite3 db, string sql)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(sql);
        _db = db;
        db.DangerousAddRef(ref _referenced);
        var utf8 = Encoding.UTF8.GetBytes(sql);
        int rc;
        nint statement;
        fixed (byte* text = utf8)
        {
            rc = Prepare(db.DangerousGetHandle(), text, utf8.Length, &statement, 0);
        }

        if (rc != raw.SQLITE_OK)
        {
            Dispose();
            RawSqlite.Check(db, rc);
        }

        _statement = statement;
    }

    /// <summary>Steps to the next row: true for a row, false when done; throws on an error.</summary>
    public bool Step()
    {
        var rc = StepNative(_statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc != raw.SQLITE_DONE)
        {
            RawSqlite.Check(_db, rc);
        }

        return false;
    }

    /// <summary>Resets the statement to run again (its bindings are kept).</summary>
    public void Reset() => RawSqlite.Check(_db, ResetNative(_statement));

    /// <summary>Binds parameter <paramref name="parameter"/> (1-based) to <paramref name="value"/>.</summary>
    public void Bind(int parameter, long value) => RawSqlite.Check(_db, BindInt64(_statement, parameter, value));

    /// <summary>
    /// The current row's column as bytes (a text's UTF-8, a blob's bytes; empty for NULL), valid until the next step or
    /// reset, as SQLitePCLRaw's <c>sqlite3_column_blob</c> gives it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Blob(int column)
    {
        // The pointer first, then the length: asking for the bytes may convert the value, which moves it.
        var bytes = ColumnBlob(_statement, column);
        return bytes is null ? default : new ReadOnlySpan<byte>(bytes, ColumnBytes(_statement, column));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Int64(int column) => ColumnInt64(_statement, column);

    /// <summary>The column's storage class (<c>SQLITE_INTEGER</c>, <c>SQLITE_NULL</c>, ...).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Type(int column) => ColumnType(_statement, column);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsNull(int column) => ColumnType(_statement, column) == raw.SQLITE_NULL;

    public void Dispose()
    {
        if (_statement != 0)
        {
            _ = FinalizeNative(_statement);
            _statement = 0;
        }

        if (_referenced)
        {
            _db.DangerousRelease();
            _referenced = false;
        }
    }

    [LibraryImport(Library, EntryPoint = "sqlite3_prepare_v2")]
    private static partial int Prepare(nint db, byte* sql, int bytes, nint* statement, nint tail);

    [LibraryImport(Library, EntryPoint = "sqlite3_step")]
    private static partial int StepNative(nint statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_reset")]
    private static partial int ResetNative(nint statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_finalize")]
    private static partial int FinalizeNative(nint statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_int64")]
    private static partial int BindInt64(nint statement, int parameter, long value);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_blob")]
    [SuppressGCTransition]
    private static partial byte* ColumnBlob(nint statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_bytes")]
    [SuppressGCTransition]
    private static partial int ColumnBytes(nint statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_int64")]
    [SuppressGCTransition]
    private static partial long ColumnInt64(nint statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_type")]
    [SuppressGCTransition]
    private static partial int ColumnType(nint statement, int column);
}
