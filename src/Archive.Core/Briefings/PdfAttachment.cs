namespace Archive.Core.Briefings;

/// <summary>
/// What looking for one attachment in a PDF found: its <see cref="Bytes"/>; or neither field set, when the PDF has
/// none by that name; or, in <see cref="Unsupported"/>, why the PDF is in a form the reader cannot read (encrypted,
/// say) so that whether it holds the attachment is unknown.
/// </summary>
internal readonly record struct PdfAttachment(byte[]? Bytes, string? Unsupported);
