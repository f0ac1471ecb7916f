namespace Archive.Core.Search;

/// <summary>A field a query clause can name, as in <c>title:prison</c>. A leaf with no field searches title and text.</summary>
internal enum QueryField
{
    /// <summary>The capture's title (full text).</summary>
    Title,

    /// <summary>The canonical text (full text).</summary>
    Text,

    /// <summary>The publisher (metadata).</summary>
    Publisher,

    /// <summary>An author (metadata).</summary>
    Author,

    /// <summary>The document type, such as <c>html</c> or <c>pdf</c> (metadata).</summary>
    Type,

    /// <summary>The language code, such as <c>en</c> or <c>ar</c> (metadata).</summary>
    Lang,

    /// <summary>A tag (metadata).</summary>
    Tag,

    /// <summary>A capture hash prefix or a source slug.</summary>
    Id,

    /// <summary>The publication date (date ranges only).</summary>
    Published,

    /// <summary>
    /// The day of the capture's <c>captured_at</c> field, when its bytes were obtained, as written (date ranges only).
    /// Not the time it was ingested: a capture without <c>captured_at</c> has no captured date.
    /// </summary>
    Captured,
}
