namespace CallCenterRecognition.Packets;

/// <summary>Who and what the grievance packet is about; every text is user-supplied and drawn as text, never interpreted.</summary>
/// <param name="Union">Union name for the cover page.</param>
/// <param name="ClaimNumber">Claim number, e.g. <c>CC-2026-00042</c>; stamped on every page and used in Bates labels.</param>
/// <param name="MemberName">Grievant.</param>
/// <param name="MemberEmail">Grievant's e-mail, if any.</param>
/// <param name="Department">State department.</param>
/// <param name="WorkUnit">Work unit claimed to be a call center.</param>
/// <param name="BargainingUnit">Bargaining unit, e.g. <c>R01</c>.</param>
/// <param name="Classification">Member's classification.</param>
/// <param name="Representative">Assigned representative's display name, if any.</param>
/// <param name="Facts">Statement of facts: the representative's, or the description written at intake.</param>
/// <param name="PreparedOn">Date the packet is prepared (California local date); the PDF's creation date when <see cref="PreparedAt"/> is not given.</param>
public sealed record PacketClaim(
    string Union,
    string ClaimNumber,
    string MemberName,
    string? MemberEmail,
    string Department,
    string WorkUnit,
    string? BargainingUnit,
    string? Classification,
    string? Representative,
    string Facts,
    DateOnly PreparedOn)
{
    /// <summary>Everyone the grievance is filed for; the member named above alone when null or empty.</summary>
    public IReadOnlyList<PacketGrievant>? Grievants { get; init; }

    /// <summary>The representative's phone, printed on the statement.</summary>
    public string? RepresentativePhone { get; init; }

    /// <summary>The representative's e-mail, printed on the statement.</summary>
    public string? RepresentativeEmail { get; init; }

    /// <summary>Date of occurrence; null means a continuing violation.</summary>
    public DateOnly? OccurredOn { get; init; }

    /// <summary>Date the grievance was filed; null for a draft ("not yet filed").</summary>
    public DateOnly? FiledOn { get; init; }

    /// <summary>The grievance step the packet is filed at, as the definition names it; left blank to write by hand when null.</summary>
    public string? Step { get; init; }

    /// <summary>The contract provision violated; Article 21.4 when null.</summary>
    public PacketContract? Contract { get; init; }

    /// <summary>The date the differential is claimed back to; the statement asks for "the date the unit began call center work" when null.</summary>
    public DateOnly? DifferentialFrom { get; init; }

    /// <summary>
    /// The moment the PDF says it was created and modified. A frozen packet passes its filing time, so rebuilding the same
    /// packet gives the same bytes; midnight UTC of <see cref="PreparedOn"/> when null.
    /// </summary>
    public DateTimeOffset? PreparedAt { get; init; }

    internal IReadOnlyList<PacketGrievant> AllGrievants => Grievants is { Count: > 0 } list
        ? list
        : [new PacketGrievant(MemberName, Classification, Department, WorkUnit, BargainingUnit)];

    internal PacketContract ContractOrDefault => Contract ?? PacketContract.Article21_4;
}

/// <summary>One grievant, as the grievance form lists them.</summary>
/// <param name="Name">Name.</param>
/// <param name="Classification">Civil service classification.</param>
/// <param name="Department">Department.</param>
/// <param name="WorkUnit">Work unit.</param>
/// <param name="BargainingUnit">Bargaining unit.</param>
public sealed record PacketGrievant(string Name, string? Classification, string Department, string WorkUnit, string? BargainingUnit);

/// <summary>The contract provision the grievance cites.</summary>
/// <param name="Article">Article, e.g. <c>21</c>.</param>
/// <param name="Section">Section, e.g. <c>21.4</c>.</param>
/// <param name="Title">Title, e.g. <c>Call Centers</c>.</param>
public sealed record PacketContract(string Article, string Section, string Title)
{
    /// <summary>Article 21.4, Call Centers: what a definition that names no contract enforces.</summary>
    public static readonly PacketContract Article21_4 = new("21", "21.4", "Call Centers");
}

/// <summary>One uploaded document to include as an exhibit, in the order given.</summary>
/// <param name="FileName">Original file name as uploaded (display only, never a path).</param>
/// <param name="CategoryTitle">Human title of the checklist category, e.g. "Duty statements".</param>
/// <param name="ContentType">Content type detected from the bytes: application/pdf, image/png, image/jpeg, image/tiff, or anything else (listed, not merged).</param>
/// <param name="ReceivedAt">When it was uploaded.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the content.</param>
/// <param name="Open">Opens the content for reading; called at most a few times, possibly on a pool thread while other exhibits' are open, each stream disposed by the builder.</param>
public sealed record PacketExhibit(
    string FileName,
    string CategoryTitle,
    string ContentType,
    DateTimeOffset ReceivedAt,
    string Sha256,
    Func<Stream> Open)
{
    /// <summary>One line on what the document shows, written by the representative or member; listed on the statement and the exhibit's slip line.</summary>
    public string? Description { get; init; }
}

/// <summary>Everything the builder needs.</summary>
/// <param name="Claim">The claim.</param>
/// <param name="Exhibits">Exhibits in order; lettered A, B, … Z, AA, AB ….</param>
public sealed record PacketRequest(PacketClaim Claim, IReadOnlyList<PacketExhibit> Exhibits);

/// <summary>How one exhibit went into the packet.</summary>
public enum ExhibitDisposition
{
    /// <summary>PDF pages merged.</summary>
    Merged,
    /// <summary>Image placed on pages scaled to fit.</summary>
    Image,
    /// <summary>Not a PDF or image: listed with its SHA-256; the original travels in the ZIP.</summary>
    ListedOnly,
    /// <summary>Encrypted PDF: named in the index, not merged.</summary>
    Encrypted,
    /// <summary>Unreadable PDF or image: named in the index, not merged.</summary>
    Corrupt,
}

/// <summary>Outcome for one exhibit.</summary>
/// <param name="Letter">Exhibit letter.</param>
/// <param name="FileName">File name.</param>
/// <param name="Disposition">How it was included.</param>
/// <param name="FirstPage">1-based packet page of its first evidence page (where the next exhibit starts when it has none).</param>
/// <param name="PageCount">Evidence pages it contributed.</param>
public sealed record ExhibitOutcome(string Letter, string FileName, ExhibitDisposition Disposition, int FirstPage, int PageCount);

/// <summary>What was built.</summary>
/// <param name="PageCount">Total pages.</param>
/// <param name="Exhibits">Per-exhibit outcome, in order.</param>
public sealed record PacketResult(int PageCount, IReadOnlyList<ExhibitOutcome> Exhibits);

/// <summary>Progress of a build, for a progress bar.</summary>
/// <param name="Step">Plain words, e.g. "Merging exhibit C".</param>
/// <param name="Done">Units done.</param>
/// <param name="Total">Units in all.</param>
public sealed record PacketProgress(string Step, int Done, int Total);

/// <summary>Limits a build applies to what exhibits declare.</summary>
/// <param name="MaxImagePixels">Images declaring more pixels than this are listed, not placed (default 40 megapixels).</param>
public sealed record PacketOptions(long MaxImagePixels = PacketOptions.DefaultMaxImagePixels)
{
    /// <summary>40 megapixels: above any phone camera or scanner page at 600 dpi, far below what a decompression bomb declares.</summary>
    public const long DefaultMaxImagePixels = 40_000_000;
}
