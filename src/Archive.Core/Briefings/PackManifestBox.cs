namespace Archive.Core.Briefings;

/// <summary>A rectangle on an original's page: left, top, right, bottom from its top-left corner, in the crop's unit.</summary>
public sealed record PackManifestBox(double X0, double Y0, double X1, double Y1);
