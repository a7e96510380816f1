using System.IO.Compression;
using CallCenterRecognition.Packets;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.AccessLog;
using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Packets;

public sealed record PacketBuildView(Guid Id, string Status, string Step, int Done, int Total, int Percent, bool Frozen, int PageCount, long Size, string? Sha256, string? Error, DateTimeOffset RequestedAt, DateTimeOffset? CompletedAt, string StatusUrl, string? DownloadUrl)
{
    public static PacketBuildView From(PacketBuildRow row)
    {
        var done = row.Status == PacketStatus.Done;
        var percent = done ? 100 : row.Total > 0 ? Math.Clamp(row.Done * 100 / row.Total, 0, 99) : 0;
        var root = $"/api/claims/{row.ClaimId}/packet/builds/{row.Id}";
        return new(row.Id, row.Status, row.Step, row.Done, row.Total, percent, row.Frozen, row.PageCount, row.Size, row.Sha256, row.Error, row.RequestedAt, row.CompletedAt, root, done ? root + "/content" : null);
    }
}

public static class PacketsApi
{
    public static void AddPackets(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PacketService>();
        builder.Services.AddScoped<PreviewFiling.Handler>();
        builder.Services.AddSingleton<PacketBuildSignal>();
        builder.Services.AddHostedService<PacketBuildWorker>();
        builder.Services.AddSingleton(PacketWarmUpRun.Default());
        builder.Services.AddHostedService<PacketWarmUpService>();
    }

    public static void MapPacketsApi(this IEndpointRouteBuilder app)
    {
        var claims = app.MapGroup("/api/claims/{id:guid}").RequireAuthorization(Policies.Staff);
        claims.MapGet("/packet.pdf", PdfAsync).WithName("GetPacketPdf").Produces<byte[]>(StatusCodes.Status200OK, "application/pdf");
        claims.MapGet("/packet.zip", ZipAsync).WithName("GetPacketZip").Produces<byte[]>(StatusCodes.Status200OK, "application/zip");
        claims.MapPost("/packet/builds", StartAsync).RequireRateLimiting(Security.UploadLimit).WithName("StartPacketBuild").Produces<PacketBuildView>(StatusCodes.Status202Accepted);
        claims.MapGet("/packet/builds/{buildId:guid}", StatusAsync).WithName("GetPacketBuild").Produces<PacketBuildView>();
        claims.MapGet("/packet/builds/{buildId:guid}/content", BuildContentAsync).WithName("DownloadPacketBuild").Produces<byte[]>(StatusCodes.Status200OK, "application/pdf").ProducesProblem(StatusCodes.Status409Conflict);
    }

    public static async Task<PacketBuildRow?> FrozenAsync(AppDbContext db, Guid claimId, CancellationToken cancellationToken) =>
        (await db.PacketBuilds.AsNoTracking().Where(b => b.ClaimId == claimId && b.Frozen && b.Status == PacketStatus.Done).ToListAsync(cancellationToken))
        .OrderByDescending(b => b.RequestedAt).FirstOrDefault();

    public static async Task<PacketBuildView> StartBuildAsync(AppDbContext db, PacketBuildSignal signal, TimeProvider time, Guid claimId, string userId, CancellationToken cancellationToken)
    {
        var row = new PacketBuildRow
        {
            Id = Guid.NewGuid(),
            ClaimId = claimId,
            RequestedById = userId,
            RequestedAt = time.GetUtcNow(),
            Status = PacketStatus.Queued,
            Step = "Waiting to start",
        };
        db.PacketBuilds.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        signal.Wake();
        return PacketBuildView.From(row);
    }

    private static async Task<IResult> PdfAsync(Guid id, bool? draft, HttpContext http, AppDbContext db, DocumentStore store, PacketService packets, RecordAccess.Recorder accessLog, CancellationToken cancellationToken)
    {
        var (claim, problem) = await VisibleAsync(id, http, db, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (draft != true && await FrozenAsync(db, id, cancellationToken) is { Sha256: { } frozen } filed && await store.ExistsAsync(frozen, cancellationToken))
        {
            var name = PacketService.FileName(claim!, draft: false);
            await accessLog.RecordAsync(http.User, new(id, RecordAccess.Actions.PacketDownloaded, PacketBuildId: filed.Id, FileName: name));
            return DocumentsApi.Attachment(http, store.Open(frozen), "application/pdf", name);
        }

        var recorded = accessLog.RecordAsync(http.User, new(id, RecordAccess.Actions.PacketDownloaded, FileName: PacketService.FileName(claim!, draft: true)));
        var pdf = await packets.BuildDraftAsync(claim!, cancellationToken);
        await recorded;
        return DocumentsApi.Attachment(http, pdf, "application/pdf", PacketService.FileName(claim!, draft: true));
    }

    private static async Task<IResult> ZipAsync(Guid id, bool? draft, HttpContext http, AppDbContext db, DocumentStore store, PacketService packets, RecordAccess.Recorder accessLog, CancellationToken cancellationToken)
    {
        var (claim, problem) = await VisibleAsync(id, http, db, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        // The originals are the claim's documents now; the PDF is the filed one unless a draft is asked for.
        var request = await packets.RequestAsync(claim!, cancellationToken);
        var temporary = Path.Combine(store.Root, ".incoming", Guid.NewGuid().ToString("N") + ".zip");
        Directory.CreateDirectory(Path.GetDirectoryName(temporary)!);
        var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        try
        {
            await using var pdf = draft != true && await FrozenAsync(db, id, cancellationToken) is { Sha256: { } frozen } && await store.ExistsAsync(frozen, cancellationToken)
                ? store.Open(frozen)
                : await packets.BuildDraftAsync(claim!, cancellationToken);
            await Task.Run(() => PacketZip.Write(request, pdf, output), cancellationToken);
        }
        catch
        {
            await output.DisposeAsync();
            throw;
        }

        output.Position = 0;
        await accessLog.RecordAsync(http.User, new(id, RecordAccess.Actions.PacketZipDownloaded, FileName: $"{claim!.Number}-packet.zip"));
        return DocumentsApi.Attachment(http, output, "application/zip", $"{claim.Number}-packet.zip");
    }

    private static async Task<IResult> StartAsync(Guid id, HttpContext http, AppDbContext db, PacketBuildSignal signal, TimeProvider time, CancellationToken cancellationToken)
    {
        var (_, problem) = await VisibleAsync(id, http, db, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var view = await StartBuildAsync(db, signal, time, id, http.User.Id(), cancellationToken);
        return TypedResults.Accepted(view.StatusUrl, view);
    }

    private static async Task<IResult> StatusAsync(Guid id, Guid buildId, HttpContext http, AppDbContext db, CancellationToken cancellationToken)
    {
        var (_, problem) = await VisibleAsync(id, http, db, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var row = await db.PacketBuilds.AsNoTracking().FirstOrDefaultAsync(b => b.Id == buildId && b.ClaimId == id, cancellationToken);
        http.Response.Headers.CacheControl = "no-store";
        return row is null ? Problems.NotFound("The packet build") : TypedResults.Ok(PacketBuildView.From(row));
    }

    private static async Task<IResult> BuildContentAsync(Guid id, Guid buildId, HttpContext http, AppDbContext db, DocumentStore store, RecordAccess.Recorder accessLog, CancellationToken cancellationToken)
    {
        var (claim, problem) = await VisibleAsync(id, http, db, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var row = await db.PacketBuilds.AsNoTracking().FirstOrDefaultAsync(b => b.Id == buildId && b.ClaimId == id, cancellationToken);
        if (row is null)
        {
            return Problems.NotFound("The packet build");
        }

        if (row.Status != PacketStatus.Done || row.Sha256 is null || !await store.ExistsAsync(row.Sha256, cancellationToken))
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Not ready", $"The packet is {row.Status}.");
        }

        var fileName = PacketService.FileName(claim!, draft: !row.Frozen);
        await accessLog.RecordAsync(http.User, new(id, RecordAccess.Actions.PacketDownloaded, PacketBuildId: row.Id, FileName: fileName));
        return DocumentsApi.Attachment(http, store.Open(row.Sha256), "application/pdf", fileName);
    }

    private static async Task<(Claim? Claim, IResult? Problem)> VisibleAsync(Guid id, HttpContext http, AppDbContext db, CancellationToken cancellationToken)
    {
        var claim = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (claim is null)
        {
            return (null, Problems.NotFound("The claim"));
        }

        return http.User.CanSee(claim) ? (claim, null) : (null, Problems.Forbidden("You may see only claims assigned to you."));
    }
}
