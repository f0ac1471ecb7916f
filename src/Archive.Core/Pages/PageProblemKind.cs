namespace Archive.Core.Pages;

/// <summary>Why a page image or a page listing was not made; each host maps it to its own answer (an HTTP status).</summary>
public enum PageProblemKind
{
    /// <summary>The request itself is wrong: a width or a range out of bounds.</summary>
    BadRequest,

    /// <summary>The capture has no pages to show (plain text, HTML, DOCX, a web capture).</summary>
    NoPages,

    /// <summary>The page number is not one of the capture's pages.</summary>
    NoSuchPage,

    /// <summary>The page exists but could not be drawn (a damaged original, over a limit, too slow).</summary>
    Unrenderable,

    /// <summary>Too many pages are being drawn at once; asking again later works.</summary>
    Busy,
}
