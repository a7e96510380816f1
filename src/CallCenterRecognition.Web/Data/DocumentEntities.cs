using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Data;

public sealed class DocumentRow
{
    public Guid Id { get; set; }

    public Guid ClaimId { get; set; }

    public string Category { get; set; } = string.Empty;

    // Shown and offered as the download name only; the stored file is named by its SHA-256.
    public string FileName { get; set; } = string.Empty;

    public string ContentType { get; set; } = string.Empty;

    public long Size { get; set; }

    public string Sha256 { get; set; } = string.Empty;

    // A user id for staff, "member-link:{id}" for a member.
    public string UploadedById { get; set; } = string.Empty;

    public string UploadedByName { get; set; } = string.Empty;

    // "staff" or "member".
    public string UploaderSide { get; set; } = string.Empty;

    public DateTimeOffset UploadedAt { get; set; }

    // One line on what the document shows, printed beside it in the packet.
    public string? Description { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }

    public string? DeletedById { get; set; }

    // pending, done, failed or unavailable (Evidence.TextStatuses); read in the background after the upload commits.
    public string TextStatus { get; set; } = "pending";

    public string? TextReason { get; set; }

    public int TextPageCount { get; set; }

    public int TextOcrPages { get; set; }

    // An instance reading the text holds it until then; past it another may take it over.
    public DateTimeOffset? TextLeaseUntil { get; set; }

    public DateTimeOffset? TextReadAt { get; set; }

    public string? SuggestedCategory { get; set; }

    public double? Confidence { get; set; }

    // Who settled the category (DocumentCategorySources): the uploader's pick, the suggester's, or confirmed by staff.
    public string CategorySource { get; set; } = "uploader";

    // The highlights found in the text, as JSON: [{kind, quote, page}].
    public string? Highlights { get; set; }
}

// The text of one page of a document; searched through SQLite FTS5 or a PostgreSQL tsvector kept beside it.
public sealed class DocumentTextPageRow
{
    public long Id { get; set; }

    public Guid DocumentId { get; set; }

    public int Page { get; set; }

    public string Text { get; set; } = string.Empty;
}

public sealed class MemberLinkRow
{
    public Guid Id { get; set; }

    public Guid ClaimId { get; set; }

    // The grievant the link was sent to; null on links from before claims had several grievants (the first).
    public long? GrievantId { get; set; }

    // SHA-256 of the token: a database leak gives no working link.
    public string TokenHash { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedById { get; set; } = string.Empty;

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

// One packet build: a draft asked for from the claim page, or the packet frozen when the grievance was filed.
public sealed class PacketBuildRow
{
    public Guid Id { get; set; }

    public Guid ClaimId { get; set; }

    public string RequestedById { get; set; } = string.Empty;

    public DateTimeOffset RequestedAt { get; set; }

    // queued, running, done or failed.
    public string Status { get; set; } = "queued";

    public string Step { get; set; } = string.Empty;

    public int Done { get; set; }

    public int Total { get; set; }

    public string? Sha256 { get; set; }

    public long Size { get; set; }

    public int PageCount { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public bool Frozen { get; set; }
}

// Stored content when Documents:Store is "database": one row per SHA-256, its bytes in DocumentContentChunks.
public sealed class DocumentContentRow
{
    public string Sha256 { get; set; } = string.Empty;

    public long Size { get; set; }

    public int ChunkBytes { get; set; }

    // Refreshed by every upload of the same bytes, so the orphan sweep spares content whose row is about to commit.
    public DateTimeOffset WrittenAt { get; set; }
}

public sealed class DocumentContentChunkRow
{
    public string Sha256 { get; set; } = string.Empty;

    public int Chunk { get; set; }

    public byte[] Data { get; set; } = [];
}

public static class DocumentModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<DocumentRow>(document =>
        {
            document.ToTable("Documents");
            document.HasKey(d => d.Id);
            document.Property(d => d.Category).HasMaxLength(40);
            document.Property(d => d.FileName).HasMaxLength(255);
            document.Property(d => d.ContentType).HasMaxLength(100);
            document.Property(d => d.Sha256).HasMaxLength(64);
            document.Property(d => d.UploadedById).HasMaxLength(450);
            document.Property(d => d.UploadedByName).HasMaxLength(200);
            document.Property(d => d.UploaderSide).HasMaxLength(10);
            document.Property(d => d.Description).HasMaxLength(Features.Documents.DocumentDescription.MaxLength);
            document.Property(d => d.DeletedById).HasMaxLength(450);
            document.HasIndex(d => new { d.ClaimId, d.UploadedAt });
            document.HasIndex(d => d.Sha256);
            document.Property(d => d.TextStatus).HasMaxLength(12).HasDefaultValue("pending");
            document.Property(d => d.TextReason).HasMaxLength(300);
            document.Property(d => d.SuggestedCategory).HasMaxLength(40);
            document.Property(d => d.CategorySource).HasMaxLength(12).HasDefaultValue("uploader");
            document.HasIndex(d => d.TextStatus);
            document.HasOne<Claim>().WithMany().HasForeignKey(d => d.ClaimId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<DocumentTextPageRow>(page =>
        {
            page.ToTable("DocumentTextPages");
            page.HasKey(p => p.Id);
            page.HasIndex(p => new { p.DocumentId, p.Page }).IsUnique();
            page.HasOne<DocumentRow>().WithMany().HasForeignKey(p => p.DocumentId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<MemberLinkRow>(link =>
        {
            link.ToTable("MemberLinks");
            link.HasKey(l => l.Id);
            link.Property(l => l.TokenHash).HasMaxLength(64);
            link.Property(l => l.CreatedById).HasMaxLength(450);
            link.HasIndex(l => l.TokenHash).IsUnique();
            link.HasIndex(l => l.ClaimId);
            link.HasOne<Claim>().WithMany().HasForeignKey(l => l.ClaimId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<PacketBuildRow>(build =>
        {
            build.ToTable("PacketBuilds");
            build.HasKey(b => b.Id);
            build.Property(b => b.RequestedById).HasMaxLength(450);
            build.Property(b => b.Status).HasMaxLength(10);
            build.Property(b => b.Step).HasMaxLength(200);
            build.Property(b => b.Sha256).HasMaxLength(64);
            build.Property(b => b.Error).HasMaxLength(2000);
            build.HasIndex(b => new { b.ClaimId, b.RequestedAt });
            build.HasIndex(b => b.Status);
            build.HasOne<Claim>().WithMany().HasForeignKey(b => b.ClaimId).OnDelete(DeleteBehavior.Cascade);
        });

        // Written and read with SQL by DatabaseContentStore (PostgreSQL); on SQLite the tables exist and stay empty.
        builder.Entity<DocumentContentRow>(content =>
        {
            content.ToTable("DocumentContents");
            content.HasKey(c => c.Sha256);
            content.Property(c => c.Sha256).HasMaxLength(64);
        });

        builder.Entity<DocumentContentChunkRow>(chunk =>
        {
            chunk.ToTable("DocumentContentChunks");
            chunk.HasKey(c => new { c.Sha256, c.Chunk });
            chunk.Property(c => c.Sha256).HasMaxLength(64);
            chunk.HasOne<DocumentContentRow>().WithMany().HasForeignKey(c => c.Sha256).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
