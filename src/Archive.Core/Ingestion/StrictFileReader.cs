using System.Text;

namespace Archive.Core.Ingestion;

/// <summary>
/// Reads a file as text through a strict decoder a buffer at a time: bytes invalid in the encoding (and, when asked,
/// NUL bytes) are an <see cref="ArchiveException"/> made by the caller's rule, never U+FFFD.
/// </summary>
internal sealed class StrictFileReader : TextReader
{
    private readonly FileStream _stream;
    private readonly Decoder _decoder;
    private readonly bool _rejectNul;
    private readonly Func<DecoderFallbackException?, long, ArchiveException> _fail;
    private readonly byte[] _bytes = new byte[1 << 16];
    private long _offset;
    private bool _flushed;
    private bool _started;

    /// <param name="skip">Bytes to skip first (a byte-order mark); offsets given to <paramref name="fail"/> count from after them.</param>
    /// <param name="fail">The error for invalid bytes (with the exception) or NUL bytes (null), given the byte offset of the buffer.</param>
    public StrictFileReader(string path, long skip, Encoding strict, bool rejectNul, Func<DecoderFallbackException?, long, ArchiveException> fail)
    {
        ArgumentNullException.ThrowIfNull(strict);
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan);
        _stream.Seek(skip, SeekOrigin.Begin);
        _decoder = strict.GetDecoder();
        _rejectNul = rejectNul;
        _fail = fail ?? throw new ArgumentNullException(nameof(fail));
    }

    public override int Read(char[] buffer, int index, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return Read(buffer.AsSpan(index, count));
    }

    /// <summary>Drops a U+FEFF that starts the decoded text (a byte-order mark in an encoding that does not skip its own).</summary>
    public bool SkipByteOrderMark { get; init; }

    public override int Read(Span<char> buffer)
    {
        var read = ReadDecoded(buffer);
        if (!_started && read > 0)
        {
            _started = true;
            if (SkipByteOrderMark && buffer[0] == '\uFEFF')
            {
                buffer[1..read].CopyTo(buffer);
                read--;
                if (read == 0)
                {
                    return ReadDecoded(buffer);
                }
            }
        }

        return read;
    }

    private int ReadDecoded(Span<char> buffer)
    {
        while (!_flushed)
        {
            // A byte decodes to at most one UTF-16 unit in the encodings HTML and text use (surrogate pairs take 4 bytes).
            var room = Math.Min(_bytes.Length, buffer.Length / 2);
            if (room == 0)
            {
                room = 1;
            }

            var read = _stream.ReadAtLeast(_bytes.AsSpan(0, room), room, throwOnEndOfStream: false);
            var bytes = _bytes.AsSpan(0, read);
            if (_rejectNul && bytes.IndexOf((byte)0) >= 0)
            {
                throw _fail(null, _offset);
            }

            _flushed = read < room;
            int chars;
            try
            {
                chars = _decoder.GetChars(bytes, buffer, _flushed);
            }
            catch (DecoderFallbackException ex)
            {
                throw _fail(ex, _offset);
            }

            _offset += read;
            if (chars > 0)
            {
                return chars;
            }
        }

        return 0;
    }

    /// <summary>Not supported: a character may decode to a surrogate pair; read into a buffer instead.</summary>
    public override int Read() => throw new NotSupportedException("read into a buffer of at least two characters");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stream.Dispose();
        }

        base.Dispose(disposing);
    }
}
