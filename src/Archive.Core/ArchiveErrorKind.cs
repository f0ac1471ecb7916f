namespace Archive.Core;

/// <summary>What went wrong, for a host to map to an exit code or an HTTP status without reading the message.</summary>
public enum ArchiveErrorKind
{
    /// <summary>There is no initialised archive at the root: run <c>archive init</c>.</summary>
    NoArchive,

    /// <summary>The archive needs an action from its owner first (for example <c>archive reindex</c>); the message says which.</summary>
    NeedsAction,

    /// <summary>The caller's input is wrong: a metadata field, a token name or role, an evaluation folder, a log index.</summary>
    InvalidInput,

    /// <summary>The thing named (a capture, a token) does not exist.</summary>
    NotFound,

    /// <summary>The request conflicts with what exists (a token name already used).</summary>
    Conflict,

    /// <summary>Content could not be read or turned into text (bad bytes, a failing or missing external tool).</summary>
    Unreadable,

    /// <summary>A pack could not be rendered: the PDF printer is missing or failed, or a template is broken.</summary>
    RenderFailed,
}
