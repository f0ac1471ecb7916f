using System.Text;
using Archive.Core.Storage;

namespace Archive.Core.Ingestion;

/// <summary>
/// Applies the <see cref="CanonicalText"/> rules to text given a piece at a time and writes the result as UTF-8 into
/// a staged blob, so a large text is never held whole: <c>Complete</c> gives the same bytes as
/// <c>CanonicalText.Canonicalize</c> of the whole text would. Only a window of about <see cref="WindowLength"/>
/// characters and the first <see cref="HeadLength"/> are kept.
/// </summary>
internal sealed class CanonicalTextWriter : IDisposable
{
    /// <summary>How much of the text's start is kept (<see cref="StreamedText.Head"/>): more than language detection and the first line need.</summary>
    public const int HeadLength = 64 * 1024;

    private const int WindowLength = 64 * 1024;

    private readonly StagingWriter _output;
    private readonly Encoder _encoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetEncoder();
    private readonly StringBuilder _head = new();
    private readonly byte[] _bytes = new byte[3 * WindowLength];
    private char[] _window = new char[2 * WindowLength];
    private int _length;
    private bool _started;
    private bool _afterCarriageReturn;
    private long _codePoints;

    public CanonicalTextWriter(StagingWriter output)
    {
        _output = output ?? throw new ArgumentNullException(nameof(output));
    }

    public void Write(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!_started)
            {
                _started = true;
                if (c == '\uFEFF')
                {
                    continue;
                }
            }

            // \r\n and a lone \r both become \n, as Canonicalize's two replacements make them.
            if (c == '\n' && _afterCarriageReturn)
            {
                _afterCarriageReturn = false;
                continue;
            }

            _afterCarriageReturn = c == '\r';
            Append(c == '\r' ? '\n' : c);
        }

        if (_length >= WindowLength)
        {
            Flush(final: false);
        }
    }

    public void Write(string text) => Write(text.AsSpan());

    /// <summary>Writes what is left and returns the staged text with its length and head.</summary>
    public StreamedText Complete()
    {
        Flush(final: true);
        return new StreamedText(_output.Complete(), checked((int)_codePoints), _head.ToString());
    }

    public void Dispose() => _output.Dispose();

    private void Append(char c)
    {
        if (_length == _window.Length)
        {
            Array.Resize(ref _window, _window.Length * 2);
        }

        _window[_length++] = c;
    }

    /// <summary>
    /// Normalizes and writes the window up to its last ASCII character (all of it when <paramref name="final"/>).
    /// NFC never joins an ASCII character to what precedes it (it has combining class 0 and is never the second
    /// part of a composition), so normalizing the pieces cut there gives the NFC of the whole. A window without
    /// ASCII grows until one comes.
    /// </summary>
    private void Flush(bool final)
    {
        var cut = _length;
        if (!final)
        {
            cut = _window.AsSpan(1, _length - 1).LastIndexOfAnyInRange('\0', '\u007F') + 1;
            if (cut <= 0)
            {
                return;
            }
        }

        var piece = _window.AsSpan(0, cut);
        CanonicalText.CheckCombiningRuns(piece); // before IsNfc, which is as slow on such runs as normalizing
        if (IsNfc(piece))
        {
            Emit(piece, final);
        }
        else
        {
            Emit(CanonicalText.Nfc(new string(piece)), final);
        }

        _window.AsSpan(cut, _length - cut).CopyTo(_window);
        _length -= cut;
    }

    /// <summary>Whether the piece is NFC as it is; false also where the system's normalizer refuses it (see <see cref="CanonicalText.Nfc"/>).</summary>
    private static bool IsNfc(ReadOnlySpan<char> piece)
    {
        try
        {
            return !piece.Contains('\uFFFE') && piece.IsNormalized(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private void Emit(ReadOnlySpan<char> text, bool final)
    {
        if (_head.Length < HeadLength)
        {
            _head.Append(text[..Math.Min(text.Length, HeadLength - _head.Length)]);
        }

        foreach (var c in text)
        {
            if (!char.IsLowSurrogate(c))
            {
                _codePoints++;
            }
        }

        // At most 3 bytes per UTF-16 unit; the encoder carries a surrogate pair cut between pieces.
        var step = _bytes.Length / 3;
        for (var at = 0; at < text.Length || (final && at == 0); at += step)
        {
            var count = Math.Min(step, text.Length - at);
            var last = final && at + count >= text.Length;
            var written = _encoder.GetBytes(text.Slice(at, count), _bytes, flush: last);
            _output.Write(_bytes.AsSpan(0, written));
        }
    }
}
