using System.Security.Claims;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;

namespace CallCenterRecognition.Web.Features.AccessLog;

// Writes one access-log row for a staff read of a member's data.
public static class RecordAccess
{
    public static class Actions
    {
        public const string ClaimViewed = "claim-viewed";
        public const string DocumentDownloaded = "document-downloaded";
        public const string PacketDownloaded = "packet-downloaded";
        public const string PacketZipDownloaded = "packet-zip-downloaded";

        public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ClaimViewed] = "Opened the claim",
            [DocumentDownloaded] = "Downloaded a document",
            [PacketDownloaded] = "Downloaded the packet",
            [PacketZipDownloaded] = "Downloaded the packet ZIP",
        };
    }

    public sealed record Entry(Guid ClaimId, string Action, Guid? DocumentId = null, Guid? PacketBuildId = null, string? FileName = null);

    // A context of its own, so the row never rides along with (or waits for) changes the request's context tracks; on SQLite
    // its SaveChanges joins the group commit like every other write.
    public sealed class Recorder(IServiceScopeFactory scopes, TimeProvider time, ILogger<Recorder> logger)
    {
        public async Task RecordAsync(ClaimsPrincipal user, Entry entry)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var actor = user.ToActor();
                db.Set<AccessLogRow>().Add(new AccessLogRow
                {
                    ClaimId = entry.ClaimId,
                    At = time.GetUtcNow(),
                    UserId = actor.Id,
                    UserName = Truncate(actor.Name, 200),
                    Action = entry.Action,
                    DocumentId = entry.DocumentId,
                    PacketBuildId = entry.PacketBuildId,
                    FileName = entry.FileName is null ? null : Truncate(entry.FileName, 300),
                });

                // Not the request's token: a reader who hangs up mid-download has still read.
                await db.SaveChangesAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is Microsoft.EntityFrameworkCore.DbUpdateException or System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                // The read goes on: refusing a representative their claim because the log is unwritable would stop the office.
                logger.LogError(ex, "Access log entry {Action} for claim {ClaimId} could not be written", entry.Action, entry.ClaimId);
            }
        }

        private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
    }
}
