namespace Archive.Core.Briefings;

/// <summary>What the printed pack says about itself, all known before printing: id, body digest, key, time, agent, tool, file name.</summary>
internal sealed record PackIdentity(string PackId, string BodySha256, string KeyId, string Created, string Agent, string Tool, string PdfFileName);
