namespace Archive.Core.Briefings;

/// <summary>The crops made for a pack, by citation number, and a warning (located at its citation) for each passage whose page could not be drawn.</summary>
internal sealed record PackCrops(IReadOnlyDictionary<int, PackCrop> ByCitation, IReadOnlyList<BriefProblem> Warnings)
{
    public static readonly PackCrops None = new(new Dictionary<int, PackCrop>(), []);

    /// <summary>The crops as attachments: name and PNG bytes.</summary>
    public IReadOnlyList<(string Name, byte[] Png)> Files =>
        [.. ByCitation.Values.OrderBy(c => c.Citation).Select(c => (c.Manifest.File, c.Image.Png))];
}
