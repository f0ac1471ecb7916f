using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Archive.Core.Ingestion.Capture;

/// <summary>
/// Reads HTTP/1.x messages off a connection while keeping every byte as it arrived: heads up to their empty line,
/// bodies framed by Content-Length, chunked transfer coding, or the end of the connection. It never reads past the
/// message it is asked for, so the next message on a kept-alive connection starts intact.
/// </summary>
internal sealed class HttpStreamReader(Stream stream)
{
    /// <summary>The longest head accepted.</summary>
    public const int MaxHeadBytes = 64 * 1024;

    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private ByteBudget? _budget;
    private BodyEnd _ending;

    /// <summary>Reads one head; null at a clean end of the connection before any byte of it.</summary>
    /// <exception cref="InvalidDataException">The head is longer than <see cref="MaxHeadBytes"/> or the connection ends inside it.</exception>
    public async Task<byte[]?> ReadHeadAsync(CancellationToken cancellationToken)
    {
        using var head = new MemoryStream();
        var lineStart = true;
        var sawCr = false;
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                return head.Length == 0 ? null : throw new InvalidDataException("the connection ended inside an HTTP head");
            }

            var b = _buffer[_start++];
            head.WriteByte(b);
            if (head.Length > MaxHeadBytes)
            {
                throw new InvalidDataException($"an HTTP head is longer than {MaxHeadBytes} bytes");
            }

            if (b == (byte)'\n')
            {
                if (lineStart && head.Length > 2)
                {
                    return head.ToArray();
                }

                lineStart = true;
                sawCr = false;
            }
            else if (b == (byte)'\r' && lineStart && !sawCr)
            {
                sawCr = true;
            }
            else
            {
                lineStart = false;
                sawCr = false;
            }
        }
    }

    /// <summary>
    /// Reads a body framed as <paramref name="framing"/> into <paramref name="raw"/> exactly as it came, hashing the
    /// payload (the body without chunked framing) into <paramref name="payload"/>. Every byte is taken from
    /// <paramref name="budget"/>; returns <see cref="BodyEnd.Complete"/> when the body ended as framed,
    /// <see cref="BodyEnd.Limit"/> when the budget ran out, <see cref="BodyEnd.Disconnect"/> when the connection ended early.
    /// </summary>
    public async Task<BodyEnd> ReadBodyAsync(BodyFraming framing, long declaredLength, MemoryStream raw, IncrementalHash payload, ByteBudget budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(budget);
        _budget = budget;
        _ending = BodyEnd.Complete;
        var complete = await ReadFramedAsync(framing, declaredLength, raw, payload, cancellationToken);
        return complete ? BodyEnd.Complete : _ending == BodyEnd.Complete ? BodyEnd.Disconnect : _ending;
    }

    private async Task<bool> ReadFramedAsync(BodyFraming framing, long declaredLength, MemoryStream raw, IncrementalHash payload, CancellationToken cancellationToken)
    {
        switch (framing)
        {
            case BodyFraming.None:
                return true;
            case BodyFraming.Length:
                return await CopyAsync(declaredLength, raw, payload, untilClose: false, cancellationToken);
            case BodyFraming.UntilClose:
                return await CopyAsync(long.MaxValue, raw, payload, untilClose: true, cancellationToken);
            default:
                while (true)
                {
                    var line = await ReadLineAsync(raw, cancellationToken);
                    if (line is null)
                    {
                        return false;
                    }

                    var sizeText = line.Split(';')[0].Trim();
                    if (!long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
                    {
                        throw new InvalidDataException($"bad chunk size '{sizeText}'");
                    }

                    if (size == 0)
                    {
                        // Trailer fields, then the empty line that ends the message.
                        while (true)
                        {
                            var trailer = await ReadLineAsync(raw, cancellationToken);
                            if (trailer is null)
                            {
                                return false;
                            }

                            if (trailer.Length == 0)
                            {
                                return true;
                            }
                        }
                    }

                    if (!await CopyAsync(size, raw, payload, untilClose: false, cancellationToken))
                    {
                        return false;
                    }

                    var end = await ReadLineAsync(raw, cancellationToken);
                    if (end is null)
                    {
                        return false;
                    }
                }
        }
    }

    private async Task<bool> CopyAsync(long count, MemoryStream raw, IncrementalHash payload, bool untilClose, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                return untilClose;
            }

            var take = Take((int)Math.Min(count, _end - _start));
            if (take == 0)
            {
                return false;
            }

            raw.Write(_buffer, _start, take);
            payload.AppendData(_buffer, _start, take);
            _start += take;
            count -= take;
        }

        return true;
    }

    // A CRLF-terminated line of chunked framing, copied raw; null when the limit or the end of the connection cuts it.
    private async Task<string?> ReadLineAsync(MemoryStream raw, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                return null;
            }

            if (Take(1) == 0)
            {
                return null;
            }

            var b = _buffer[_start++];
            raw.WriteByte(b);
            if (b == (byte)'\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            if (line.Length > 4096)
            {
                throw new InvalidDataException("a chunk line is too long");
            }

            line.Append((char)b);
        }
    }

    private int Take(int wanted)
    {
        var granted = _budget!.Take(wanted);
        if (granted < wanted)
        {
            _ending = BodyEnd.Limit;
        }

        return granted;
    }

    /// <summary>
    /// Called before each read from the network, so a caller can pass on what it has copied so far (a proxy relaying a
    /// slow response as it comes) instead of holding it until the message ends.
    /// </summary>
    public Func<CancellationToken, Task>? BeforeRead { get; set; }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (BeforeRead is { } beforeRead)
        {
            await beforeRead(cancellationToken);
        }

        _start = 0;
        _end = await stream.ReadAsync(_buffer, cancellationToken);
        return _end > 0;
    }
}
