using System.Security.Cryptography;

namespace Archive.Core.Storage;

/// <summary>
/// A blob written into a temp file of the store a chunk at a time while it is hashed, for content produced as a
/// stream (a large canonical text). <see cref="Complete"/> hands it over as a <see cref="StagedBlob"/>; disposing an
/// unfinished writer deletes the temp file.
/// </summary>
internal sealed class StagingWriter : IDisposable
{
    private readonly FileStream _output;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly string _tempPath;
    private long _size;
    private bool _completed;

    public StagingWriter(string tempPath)
    {
        _tempPath = tempPath;
        _output = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _hash.AppendData(bytes);
        _output.Write(bytes);
        _size += bytes.Length;
    }

    /// <summary>Closes the temp file and returns it with its digest and size; not yet durable (see <see cref="ContentStore.MakeDurable"/>).</summary>
    public StagedBlob Complete()
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _output.Dispose();
        _completed = true;
        return new StagedBlob(_tempPath, Sha256Digest.FromBytes(_hash.GetHashAndReset()), _size);
    }

    public void Dispose()
    {
        _output.Dispose();
        _hash.Dispose();
        if (!_completed)
        {
            ContentStore.TryDelete(_tempPath);
            _completed = true;
        }
    }
}
