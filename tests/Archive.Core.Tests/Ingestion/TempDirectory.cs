namespace Archive.Core.Tests.Ingestion;

/// <summary>A fresh directory under the system temp folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "archive-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string name, byte[] bytes)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(file, bytes);
        return file;
    }

    public string Write(string name, string utf8Text) => Write(name, System.Text.Encoding.UTF8.GetBytes(utf8Text));

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
