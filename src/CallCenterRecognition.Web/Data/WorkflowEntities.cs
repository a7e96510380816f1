namespace CallCenterRecognition.Web.Data;

// Every version ever stored: claims stay pinned to theirs, so none is deleted. The published one (latest PublishedAt) is what new claims start on.
public sealed class WorkflowDefinitionRow
{
    public string DefinitionId { get; set; } = string.Empty;

    public int Version { get; set; }

    public string Json { get; set; } = string.Empty;

    public string Source { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public string? CreatedById { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }
}

public static class MigrationStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
}

public sealed class WorkflowMigrationRow
{
    public Guid Id { get; set; }

    public string DefinitionId { get; set; } = string.Empty;

    public int FromVersion { get; set; }

    public int ToVersion { get; set; }

    public string StageMap { get; set; } = "{}";

    public string Status { get; set; } = MigrationStatus.Queued;

    public int Total { get; set; }

    public int Done { get; set; }

    public int Blocked { get; set; }

    public string RequestedById { get; set; } = string.Empty;

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string? Error { get; set; }
}
