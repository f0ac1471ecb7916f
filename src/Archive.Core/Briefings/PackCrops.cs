namespace Archive.Core.Briefings;

/// <summary>The crops made for a pack, by citation number (one per page the passage touches, in text order), and a warning (located at its citation) for each passage whose page could not be drawn.</summary>
internal sealed record PackCrops(IReadOnlyDictionary<int, IReadOnlyList<PackCrop>> ByCitation, IReadOnlyList<BriefProblem> Warnings)
{
    public static readonly PackCrops None = new(new Dictionary<int, IReadOnlyList<PackCrop>>(), []);

    /// <summary>The crops as attachments: name and PNG bytes.</summary>
    public IReadOnlyList<(string Name, byte[] Png)> Files =>
        [.. ByCitation.OrderBy(c => c.Key).SelectMany(c => c.Value).Select(c => (c.Manifest.File, c.Image.Png))];
}
