namespace Archive.Core.Export.Wacz;

/// <summary>One file of a WACZ package as <c>datapackage.json</c> lists it: name, path in the zip, <c>sha256:</c> hash and size.</summary>
public sealed record WaczResource(string Name, string Path, string Hash, long Bytes);
