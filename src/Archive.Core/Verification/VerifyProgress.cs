namespace Archive.Core.Verification;

/// <summary>Progress through verification: bytes hashed of the total, and the stage.</summary>
public readonly record struct VerifyProgress(string Stage, long Done, long Total);
