namespace Archive.Core.Briefings;

/// <summary>One whole-pack check of verify-pack (pdf digest, signature, body digest, catalog record) and what it found.</summary>
public sealed record PackCheckItem(string Name, bool Ok, string Detail);
