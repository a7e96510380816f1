using Microsoft.AspNetCore.Identity;

namespace CallCenterRecognition.Web.Data;

public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = string.Empty;

    public bool MustChangePassword { get; set; }

    // An inactive account cannot sign in and its sessions fail the stamp check; the row stays, because journals name it.
    public bool Active { get; set; } = true;

    // The last successful sign-in by any path (page, API token, API cookie); null until the first.
    public DateTimeOffset? LastSignInAt { get; set; }

    // Departments a representative takes claims from, as intake writes them; the refer page suggests covering representatives first.
    public List<string> DepartmentsCovered { get; set; } = [];
}

public sealed class Claim
{
    public Guid Id { get; set; }

    public string Number { get; set; } = string.Empty;

    public MemberInfo Member { get; set; } = new();

    public string Department { get; set; } = string.Empty;

    public string WorkUnit { get; set; } = string.Empty;

    // Recognition is per unit: department and work unit compared without case or spaces.
    public string UnitKey { get; set; } = string.Empty;

    public long? UnitId { get; set; }

    public string BargainingUnit { get; set; } = string.Empty;

    public string Classification { get; set; } = string.Empty;

    public string PhoneSystems { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    // The grievance's statement of facts as the representative wrote it; null prints the description written at intake.
    public string? StatementFacts { get; set; }

    // Date of occurrence on the grievance; null is a continuing violation.
    public DateOnly? OccurredOn { get; set; }

    // The date the differential is claimed back to; null leaves the remedy asking for the date call center work began.
    public DateOnly? DifferentialFrom { get; set; }

    // Lower-cased number and member name, so one query searches both the same way on every provider.
    public string SearchText { get; set; } = string.Empty;

    public DateTimeOffset OpenedAt { get; set; }

    public string OpenedById { get; set; } = string.Empty;

    public string DefinitionId { get; set; } = string.Empty;

    public int DefinitionVersion { get; set; }

    public string Stage { get; set; } = string.Empty;

    public bool IsClosed { get; set; }

    public DateTimeOffset StageEnteredAt { get; set; }

    public DateTimeOffset? DueAt { get; set; }

    public DateTimeOffset? FollowUpAt { get; set; }

    public string? AssignedRepresentativeId { get; set; }

    public AppUser? AssignedRepresentative { get; set; }

    public long JournalSequence { get; set; }

    public string JournalHash { get; set; } = string.Empty;

    public int Version { get; set; }

    public List<ClaimJournalEntry> Journal { get; set; } = [];
}

public sealed class MemberInfo
{
    public string Name { get; set; } = string.Empty;

    public string Email { get; set; } = string.Empty;

    public string? Phone { get; set; }

    // The member's preferred language (BCP 47, one of MemberLanguages); the first grievant's mirrors it.
    public string Language { get; set; } = "en";
}

public sealed class ClaimJournalEntry
{
    public long Id { get; set; }

    public Guid ClaimId { get; set; }

    public long Sequence { get; set; }

    public DateTimeOffset At { get; set; }

    public string ActorId { get; set; } = string.Empty;

    public string ActorName { get; set; } = string.Empty;

    public string Action { get; set; } = string.Empty;

    public string? FromStage { get; set; }

    public string ToStage { get; set; } = string.Empty;

    public string Data { get; set; } = "{}";

    public string PreviousHash { get; set; } = string.Empty;

    public string Hash { get; set; } = string.Empty;
}

public sealed class ClaimNumberCounter
{
    public int Year { get; set; }

    public int Last { get; set; }
}
