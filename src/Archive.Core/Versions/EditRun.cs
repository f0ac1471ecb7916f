namespace Archive.Core.Versions;

/// <summary>One run of a sequence diff: <see cref="Count"/> items kept, removed from the old side, or added on the new side.</summary>
internal readonly record struct EditRun(EditKind Kind, int Count);
