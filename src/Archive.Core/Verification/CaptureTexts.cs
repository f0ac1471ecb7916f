namespace Archive.Core.Verification;

/// <summary>
/// Each capture's text digest as the log last recorded it: for a million captures one <see cref="DigestIndex"/>
/// of their ids and an array of texts, and, for ids that are not canonical digests (a damaged log), a small table.
/// </summary>
internal sealed class CaptureTexts(int capacity = 0)
{
    private readonly DigestIndex _captures = new(capacity);
    private DigestName[] _texts = new DigestName[Math.Max(capacity, 16)];
    private Dictionary<string, string>? _others;

    /// <summary>How many captures have a text.</summary>
    public int Count => _captures.Count + (_others?.Count ?? 0);

    /// <summary>Records <paramref name="text"/> as the text of <paramref name="capture"/>, replacing any earlier one.</summary>
    public void Set(DigestName capture, DigestName text)
    {
        if (!capture.IsDigest)
        {
            _others ??= new Dictionary<string, string>(StringComparer.Ordinal);
            _others[capture.Raw!] = text.ToString();
            return;
        }

        var number = _captures.Add(capture, out _);
        if (number == _texts.Length)
        {
            var grown = new DigestName[2 * _texts.Length];
            Array.Copy(_texts, grown, number);
            _texts = grown;
        }

        _texts[number] = text;
    }

    /// <summary>The text the log recorded for <paramref name="capture"/>, if any.</summary>
    public bool TryGet(DigestName capture, out DigestName text)
    {
        if (!capture.IsDigest)
        {
            string? other = null;
            var found = _others?.TryGetValue(capture.Raw!, out other) == true;
            text = found ? DigestName.Of(other!) : default;
            return found;
        }

        var number = _captures.Find(capture);
        text = number >= 0 ? _texts[number] : default;
        return number >= 0;
    }
}
