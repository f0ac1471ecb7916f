namespace Archive.Core.Verification;

/// <summary>One part of a verify run and its wall time.</summary>
public sealed record VerifyPhase(string Name, double Seconds);
