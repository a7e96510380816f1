using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Web.Features.Documents;

namespace CallCenterRecognition.Web.Infrastructure;

// Shapes the handlers answer with anonymous objects or Problems.Status extensions, named here so the API description
// (OpenApiDocs) can say what a client receives. Nothing builds them at run time: change them with the handler they describe.
public static class ApiShapes
{
    public sealed record ResultPage<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

    public sealed record MemberLinkCreated(Guid Id, string Url, DateTimeOffset ExpiresAt);

    public sealed record MemberLinkDates(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

    public sealed record GrievantLink(long GrievantId, string Name, string Email, MemberLinkDates? Link);

    public sealed record GrievantLinks(IReadOnlyList<GrievantLink> Items);

    public sealed record MemberStatus(string Number, string Stage, string? StageDescription, IReadOnlyList<ChecklistItem> Checklist, IReadOnlyList<Features.DocumentText.SentDocument> Sent);

    public sealed record DescribeDocumentBody(string? Description, string? Category);

    public sealed record RemoveGrievantBody(string? Reason);

    /// <summary>409 from firing an action: the action is not allowed in the claim's stage (or a concurrent change beat it).</summary>
    public sealed record ActionNotAllowedProblem(string? Type, string Title, int Status, string Detail, string Stage, IReadOnlyList<ActionView> PermittedActions);

    /// <summary>412: the expected version (If-Match or expectedVersion) is not the claim's; the ETag header carries the current one.</summary>
    public sealed record ClaimChangedProblem(string? Type, string Title, int Status, string Detail, int CurrentVersion, string? Stage);

    /// <summary>422: the action wants evidence the claim lacks; send the confirmWith input as true to go ahead anyway.</summary>
    public sealed record EvidenceMissingProblem(string? Type, string Title, int Status, string Detail, IReadOnlyList<string> MissingCategories, string? ConfirmWith);

    /// <summary>409 at intake: the unit's standing calls for another process (definitionIds lists the ones that may open).</summary>
    public sealed record UnitProcessConflictProblem(string? Type, string Title, int Status, string Detail, long? UnitId, string UnitStatus, IReadOnlyList<string> DefinitionIds);

    /// <summary>409 on a correction or statement: the claim is closed or its statement filed.</summary>
    public sealed record ClaimClosedProblem(string? Type, string Title, int Status, string Detail, string Stage);

    /// <summary>413 or 415 on an upload: the file is too large or not a type the store accepts; errors names the field.</summary>
    public sealed record UploadRefusedProblem(string? Type, string Title, int Status, string Detail, IDictionary<string, string[]> Errors);
}
