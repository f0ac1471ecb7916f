using Archive.Core.Pages;

namespace Archive.Core.Briefings;

/// <summary>A cited passage's page crop as the pack builder holds it: the image, and what the manifest says of it.</summary>
internal sealed record PackCrop(int Citation, PageImage Image, PackManifestCrop Manifest);
