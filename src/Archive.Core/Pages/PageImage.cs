using System.Security.Cryptography;

namespace Archive.Core.Pages;

/// <summary>A rendered page or part of a page: PNG bytes and their pixel size.</summary>
public sealed record PageImage(byte[] Png, int Width, int Height)
{
    /// <summary><c>sha256:</c> and the hex digest of <see cref="Png"/>.</summary>
    public string Sha256 => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Png));
}
