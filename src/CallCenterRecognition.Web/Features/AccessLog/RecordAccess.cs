using System.Security.Claims;
using System.Threading.Channels;
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

    // Rows queue for one writer that stores everything queued so far in one context and one commit: a read waits for its
    // row to be stored, but readers that arrive together share the commit instead of paying one each (on PostgreSQL a
    // commit per claim view was most of the view's database time). The writer's context is its own, so a row never
    // rides along with (or waits for) changes a request's context tracks; on SQLite its save joins the group commit.
    public sealed class Recorder(IServiceScopeFactory scopes, TimeProvider time, ILogger<Recorder> logger)
    {
        private const int MaxBatch = 256;
        private readonly Channel<(AccessLogRow Row, TaskCompletionSource Stored)> queue = Channel.CreateUnbounded<(AccessLogRow, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
        private int started;

        public Task RecordAsync(ClaimsPrincipal user, Entry entry)
        {
            var actor = user.ToActor();
            var row = new AccessLogRow
            {
                ClaimId = entry.ClaimId,
                At = time.GetUtcNow(),
                UserId = actor.Id,
                UserName = Truncate(actor.Name, 200),
                Action = entry.Action,
                DocumentId = entry.DocumentId,
                PacketBuildId = entry.PacketBuildId,
                FileName = entry.FileName is null ? null : Truncate(entry.FileName, 300),
            };
            var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            queue.Writer.TryWrite((row, stored));
            if (Interlocked.Exchange(ref started, 1) == 0)
            {
                _ = Task.Run(WriteAsync);
            }

            return stored.Task;
        }

        private async Task WriteAsync()
        {
            var batch = new List<(AccessLogRow Row, TaskCompletionSource Stored)>();
            while (await queue.Reader.WaitToReadAsync())
            {
                batch.Clear();
                while (batch.Count < MaxBatch && queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                try
                {
                    if (!await TryStoreAsync(batch) && batch.Count > 1)
                    {
                        // One bad row (its claim deleted meanwhile, say) must not cost the others their entry.
                        foreach (var item in batch)
                        {
                            await TryStoreAsync([item]);
                        }
                    }

                    foreach (var item in batch)
                    {
                        // The read goes on even when its row could not be written: refusing a representative their
                        // claim because the log is unwritable would stop the office.
                        item.Stored.TrySetResult();
                    }
                }
                catch (Exception ex)
                {
                    // Nothing may end this loop: every later read would wait for it.
                    foreach (var item in batch)
                    {
                        item.Stored.TrySetException(ex);
                    }
                }
            }
        }

        private async Task<bool> TryStoreAsync(List<(AccessLogRow Row, TaskCompletionSource Stored)> items)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                foreach (var (row, _) in items)
                {
                    row.Id = 0;
                    db.Set<AccessLogRow>().Add(row);
                }

                await db.SaveChangesAsync(CancellationToken.None);
                return true;
            }
            catch (Exception ex) when (ex is Microsoft.EntityFrameworkCore.DbUpdateException or System.Data.Common.DbException or InvalidOperationException or TimeoutException or ObjectDisposedException)
            {
                if (items.Count == 1)
                {
                    logger.LogError(ex, "Access log entry {Action} for claim {ClaimId} could not be written", items[0].Row.Action, items[0].Row.ClaimId);
                }

                return false;
            }
        }

        private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
    }
}
