using System.Security.Cryptography;
using System.Text;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Archive.Core.Briefings;

/// <summary>
/// Reads a brief: UTF-8 Markdown with YAML front matter and <c>[@ID "quote"]</c> citations. Raw HTML is not
/// interpreted (it is escaped on output). The Markdig pipeline is built once per parser and is read-only afterwards.
/// </summary>
public sealed class BriefParser
{
    /// <summary>The largest brief accepted, in bytes.</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly string[] Fields = ["title", "subtitle", "author", "date", "marking", "summary"];

    public BriefParser()
    {
        var builder = new MarkdownPipelineBuilder()
            .UseYamlFrontMatter()
            .UsePipeTables()
            .UseEmphasisExtras()
            .UseFootnotes()
            .UseTaskLists()
            .UsePreciseSourceLocation()
            .DisableHtml();
        builder.Extensions.Add(new CitationExtension());
        builder.Extensions.Add(new SafeLinkExtension());
        Pipeline = builder.Build();
    }

    /// <summary>The pipeline for parsing and for rendering the body to HTML.</summary>
    public MarkdownPipeline Pipeline { get; }

    /// <summary>Reads and parses a brief file. Size and encoding problems are reported, not thrown.</summary>
    public BriefDocument ParseFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return Failed(path, string.Empty, $"no such file: {path}");
        }

        if (info.Length > MaxBytes)
        {
            return Failed(path, string.Empty, $"the brief is {info.Length:N0} bytes; the limit is {MaxBytes:N0} bytes (1 MB)");
        }

        var bytes = File.ReadAllBytes(path);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        string source;
        try
        {
            source = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            var (line, column, offset) = FirstInvalidUtf8(bytes);
            return Failed(path, sha, $"the brief is not valid UTF-8: byte {offset} (0x{bytes[offset]:X2}) cannot start or continue a character; save it as UTF-8", line, column);
        }

        return Parse(path, source.TrimStart('\uFEFF'), sha);
    }

    /// <summary>Parses brief text; <paramref name="path"/> is used only in problem locations.</summary>
    public BriefDocument Parse(string path, string source, string? sha256 = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(source);
        sha256 ??= Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)));
        if (Encoding.UTF8.GetByteCount(source) > MaxBytes)
        {
            return Failed(path, sha256, $"the brief is larger than the limit of {MaxBytes:N0} bytes (1 MB)");
        }

        MarkdownDocument document;
        try
        {
            document = Markdig.Markdown.Parse(BriefComments.Blank(source), Pipeline);
        }
        catch (ArgumentException)
        {
            // Markdig refuses input nested past its depth limit (thousands of '[' or '>'); that is the brief's problem, not a crash.
            return Failed(path, sha256, "the Markdown is nested too deeply to parse (thousands of '[', '>' or list levels); flatten it");
        }

        var problems = new List<BriefProblem>();
        var frontMatter = ReadFrontMatter(path, document, problems);
        foreach (var (line, column, message) in CitationInlineParser.Problems(document))
        {
            problems.Add(new BriefProblem(path, line, column, message));
        }

        var citations = CitationInlineParser.Citations(document);
        return new BriefDocument(path, sha256, frontMatter, document, citations, problems.OrderBy(p => p.Line).ThenBy(p => p.Column).ToList(), LinkWarnings(path, document));
    }

    /// <summary>Every image, and every link a pack will not keep live (see <see cref="BriefLinks"/>), in source order.</summary>
    private static List<BriefProblem> LinkWarnings(string path, MarkdownDocument document)
    {
        var warnings = new List<BriefProblem>();
        foreach (var inline in document.Descendants<Inline>())
        {
            var message = inline switch
            {
                LinkInline { IsImage: true } image => BriefLinks.ImageWarning(image.Url),
                LinkInline link when !BriefLinks.IsAllowed(link.Url) => BriefLinks.LinkWarning(link.Url),
                AutolinkInline { IsEmail: false } auto when !BriefLinks.IsAllowed(auto.Url) => BriefLinks.LinkWarning(auto.Url),
                _ => null,
            };
            if (message is not null)
            {
                warnings.Add(new BriefProblem(path, inline.Line + 1, inline.Column + 1, message));
            }
        }

        return [.. warnings.OrderBy(w => w.Line).ThenBy(w => w.Column)];
    }

    private static BriefFrontMatter? ReadFrontMatter(string path, MarkdownDocument document, List<BriefProblem> problems)
    {
        var block = document.Descendants<YamlFrontMatterBlock>().FirstOrDefault();
        if (block is null)
        {
            problems.Add(new BriefProblem(path, 1, 1, "the brief has no YAML front matter: start it with a line '---', then 'title: ...', then '---'"));
            return null;
        }

        // The block's lines exclude the '---' fences; YAML marks count from its first line.
        var yaml = string.Join("\n", block.Lines.Lines.Take(block.Lines.Count).Select(l => l.Slice.ToString()));
        var firstLine = block.Line + 2;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var titleRefused = false;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                var at = stream.Documents.Count == 0 ? Mark.Empty : stream.Documents[0].RootNode.Start;
                problems.Add(new BriefProblem(path, firstLine + (int)Math.Max(0, at.Line - 1), (int)Math.Max(1, at.Column), "the front matter must be a mapping of 'key: value' lines"));
                return null;
            }

            foreach (var (keyNode, valueNode) in mapping.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
                if (!Fields.Contains(key, StringComparer.Ordinal))
                {
                    continue;
                }

                if (valueNode is not YamlScalarNode scalar)
                {
                    titleRefused |= key == "title";
                    problems.Add(new BriefProblem(path, firstLine + (int)valueNode.Start.Line - 1, (int)valueNode.Start.Column, $"'{key}' must be a single text value"));
                    continue;
                }

                if (scalar.Value?.Contains("[@", StringComparison.Ordinal) == true)
                {
                    // The cover prints these fields as they are: a citation there would look checked and never be.
                    titleRefused |= key == "title";
                    problems.Add(new BriefProblem(path, firstLine + (int)scalar.Start.Line - 1, (int)scalar.Start.Column, $"a citation in '{key}' is not checked against the archive: cite passages in the body of the brief"));
                    continue;
                }

                if (!string.IsNullOrWhiteSpace(scalar.Value))
                {
                    values[key] = scalar.Value.Trim();
                }
            }
        }
        catch (YamlException ex)
        {
            var message = ex.InnerException?.Message ?? ex.Message;
            var cut = message.IndexOf("(Line:", StringComparison.Ordinal);
            message = (cut > 0 ? message[..cut] : message).Trim().TrimEnd('.');
            problems.Add(new BriefProblem(path, firstLine + (int)Math.Max(0, ex.Start.Line - 1), (int)Math.Max(1, ex.Start.Column), $"malformed front matter: {message}"));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet fails this way on some malformed flow collections; locate the error by replaying its events.
            var at = LastGoodMark(yaml);
            problems.Add(new BriefProblem(path, firstLine + (int)Math.Max(0, at.Line - 1), (int)Math.Max(1, at.Column), "malformed front matter: cannot parse the YAML after this point (an unclosed [ or {?)"));
            return null;
        }

        if (!values.TryGetValue("title", out var title))
        {
            // A title that is there but refused above (a list, a citation) has its problem at its place already.
            if (!titleRefused)
            {
                problems.Add(new BriefProblem(path, block.Line + 1, 1, "the front matter has no 'title'"));
            }

            return null;
        }

        return new BriefFrontMatter(title, values.GetValueOrDefault("subtitle"), values.GetValueOrDefault("author"), values.GetValueOrDefault("date"), values.GetValueOrDefault("marking"), values.GetValueOrDefault("summary"));
    }

    private static Mark LastGoodMark(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var mark = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                mark = parser.Current!.End;
            }
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException)
        {
            return ex is YamlException y ? y.Start : mark;
        }

        return mark;
    }

    private static BriefDocument Failed(string path, string sha256, string message, int line = 1, int column = 1) =>
        new(path, sha256, null, null, [], [new BriefProblem(path, line, column, message)], []);

    /// <summary>Where the first byte that is not UTF-8 is: its line and column (in UTF-16 units, as the brief's other problems count them) and its byte offset.</summary>
    private static (int Line, int Column, int Offset) FirstInvalidUtf8(byte[] bytes)
    {
        var (line, column, at) = (1, 1, 0);
        while (at < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes.AsSpan(at), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return (line, column, at);
            }

            (line, column) = rune.Value == '\n' ? (line + 1, 1) : (line, at == 0 && rune.Value == 0xFEFF ? column : column + rune.Utf16SequenceLength);
            at += consumed;
        }

        return (line, column, Math.Max(0, bytes.Length - 1));
    }
}
