namespace CallCenterRecognition.Evidence;

/// <summary>Finds the passages of a document that help prove its unit is a call center.</summary>
public static class HighlightFinder
{
    /// <summary>The highlights of a document's pages (page 1 first), in page order.</summary>
    public static IReadOnlyList<Highlight> Find(IReadOnlyList<string> pages) => throw new NotImplementedException();
}
