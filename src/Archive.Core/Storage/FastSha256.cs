using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Archive.Core.Storage;

/// <summary>
/// SHA-256 for many small inputs, as verify hashes them (every blob, every event, every Merkle node): OpenSSL's
/// low-level <c>SHA256_Init/Update/Final</c> over a context on the stack, called directly. .NET's
/// <see cref="SHA256"/> goes through OpenSSL's EVP layer, whose per-call set-up (a context allocated and freed, the
/// algorithm fetched, the error queue cleared) costs five times the hashing of a 65-byte node. Where those functions
/// cannot be found (not Linux, another OpenSSL), or do not give the right digest of a known input at start-up, it is
/// <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/>.
/// </summary>
internal static unsafe class FastSha256
{
    // sizeof(SHA256_CTX) is 112 bytes in every OpenSSL since 0.9.8; room to spare.
    private const int ContextSize = 256;

    private static readonly delegate* unmanaged<byte*, int> Init;
    private static readonly delegate* unmanaged<byte*, byte*, nuint, int> Update;
    private static readonly delegate* unmanaged<byte*, byte*, int> Final;

    static FastSha256()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        foreach (var name in new[] { "libcrypto.so.3", "libcrypto.so.1.1", "libcrypto.so" })
        {
            if (NativeLibrary.TryLoad(name, typeof(FastSha256).Assembly, DllImportSearchPath.SafeDirectories, out var library) &&
                NativeLibrary.TryGetExport(library, "SHA256_Init", out var init) &&
                NativeLibrary.TryGetExport(library, "SHA256_Update", out var update) &&
                NativeLibrary.TryGetExport(library, "SHA256_Final", out var final))
            {
                Init = (delegate* unmanaged<byte*, int>)init;
                Update = (delegate* unmanaged<byte*, byte*, nuint, int>)update;
                Final = (delegate* unmanaged<byte*, byte*, int>)final;
                break;
            }
        }

        if (Init is not null)
        {
            // The FIPS 180-2 example, checked once against .NET's own SHA-256.
            Span<byte> ours = stackalloc byte[SHA256.HashSizeInBytes];
            Native("abc"u8, default, ours);
            IsNative = ours.SequenceEqual(SHA256.HashData("abc"u8));
        }
    }

    /// <summary>Whether OpenSSL's low-level functions are in use (else .NET's SHA-256).</summary>
    public static bool IsNative { get; }

    /// <summary>SHA-256 of <paramref name="prefix"/> followed by <paramref name="data"/>, into 32 bytes of <paramref name="destination"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length < SHA256.HashSizeInBytes)
        {
            throw new ArgumentException("a SHA-256 digest needs 32 bytes", nameof(destination));
        }

        if (IsNative)
        {
            Native(prefix, data, destination);
            return;
        }

        if (prefix.IsEmpty)
        {
            SHA256.HashData(data, destination);
            return;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(prefix);
        hash.AppendData(data);
        hash.GetHashAndReset(destination);
    }

    /// <summary>SHA-256 of <paramref name="data"/>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var digest = new byte[SHA256.HashSizeInBytes];
        Hash(default, data, digest);
        return digest;
    }

    /// <summary>A running SHA-256 over a stream of blocks (a large file read in pieces); dispose when done.</summary>
    public static Incremental Begin() => new();

    private static void Native(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var context = stackalloc byte[ContextSize];
        fixed (byte* p = prefix)
        fixed (byte* d = data)
        fixed (byte* o = destination)
        {
            if (Init(context) != 1 || (prefix.Length > 0 && Update(context, p, (nuint)prefix.Length) != 1) || Update(context, d, (nuint)data.Length) != 1 || Final(o, context) != 1)
            {
                throw new CryptographicException("OpenSSL's SHA-256 failed");
            }
        }
    }

    /// <summary>SHA-256 fed piece by piece: OpenSSL's context in unmanaged memory, else .NET's incremental hash.</summary>
    internal sealed class Incremental : IDisposable
    {
        private readonly IncrementalHash? _managed;
        private byte* _context;

        internal Incremental()
        {
            if (IsNative)
            {
                _context = (byte*)NativeMemory.Alloc(ContextSize);
                if (Init(_context) != 1)
                {
                    throw new CryptographicException("OpenSSL's SHA-256 failed");
                }
            }
            else
            {
                _managed = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            }
        }

        public void Append(ReadOnlySpan<byte> data)
        {
            if (_managed is not null)
            {
                _managed.AppendData(data);
                return;
            }

            ObjectDisposedException.ThrowIf(_context is null, this);
            fixed (byte* d = data)
            {
                if (Update(_context, d, (nuint)data.Length) != 1)
                {
                    throw new CryptographicException("OpenSSL's SHA-256 failed");
                }
            }
        }

        public byte[] Finish()
        {
            if (_managed is not null)
            {
                return _managed.GetHashAndReset();
            }

            ObjectDisposedException.ThrowIf(_context is null, this);
            var digest = new byte[SHA256.HashSizeInBytes];
            fixed (byte* o = digest)
            {
                if (Final(o, _context) != 1)
                {
                    throw new CryptographicException("OpenSSL's SHA-256 failed");
                }
            }

            return digest;
        }

        public void Dispose()
        {
            _managed?.Dispose();
            if (_context is not null)
            {
                NativeMemory.Free(_context);
                _context = null;
            }
        }
    }
}
