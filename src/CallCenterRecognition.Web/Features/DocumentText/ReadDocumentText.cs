using CallCenterRecognition.Evidence;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.DocumentText;

// Reads the text of one pending document after its upload committed: the pages, a suggested category and the highlights. Any
// instance may take any pending document; a lease keeps two from reading the same one, and a crashed reader's lease runs out.
public static class ReadDocumentText
{
    public const string JournalAction = "document-categorized";

    public static readonly WorkflowActor Reader = new("system:document-reader", "Document reader", []);

    private const int MaxPageChars = 100_000;

    public sealed class Handler(
        AppDbContext db,
        DocumentStore store,
        TextExtractor extractor,
        CategorySuggestions suggestions,
        TimeProvider time,
        Microsoft.Extensions.Options.IOptions<DocumentTextOptions> options,
        ILogger<Handler> logger)
    {
        // Takes the oldest pending document nobody holds and reads it; false when nothing is waiting.
        public async Task<bool> ReadNextAsync(CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow();
            var candidates = await db.Documents.AsNoTracking()
                .Where(d => d.TextStatus == TextStatuses.Pending && d.DeletedAt == null && (d.TextLeaseUntil == null || d.TextLeaseUntil < now))
                .OrderBy(d => d.UploadedAt)
                .Select(d => d.Id)
                .Take(4)
                .ToListAsync(cancellationToken);
            foreach (var id in candidates)
            {
                var until = now + options.Value.Lease;
                var taken = await db.Documents
                    .Where(d => d.Id == id && d.TextStatus == TextStatuses.Pending && (d.TextLeaseUntil == null || d.TextLeaseUntil < now))
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.TextLeaseUntil, until), cancellationToken);
                if (taken == 1)
                {
                    await ReadAsync(id, cancellationToken);
                    return true;
                }
            }

            return false;
        }

        private async Task ReadAsync(Guid documentId, CancellationToken cancellationToken)
        {
            var document = await db.Documents.AsNoTracking().FirstAsync(d => d.Id == documentId, cancellationToken);
            var text = await ExtractAsync(document, cancellationToken);
            var pages = text.Pages.Select(p => p.Length <= MaxPageChars ? p : p[..MaxPageChars]).ToList();
            var suggester = await suggestions.CurrentAsync(cancellationToken);
            var suggestion = suggester.Suggest(document.FileName, CategorySuggestions.Trim(string.Join("\n", pages)));
            var highlights = HighlightFinder.Find(pages);

            await ClaimJournal.WithRetryAsync(db, document.ClaimId, cancellationToken, async () =>
            {
                var tracked = await db.Documents.FirstAsync(d => d.Id == documentId, cancellationToken);
                await db.DocumentTextPages.Where(p => p.DocumentId == documentId).ExecuteDeleteAsync(cancellationToken);
                db.DocumentTextPages.AddRange(pages.Select((page, i) => new DocumentTextPageRow { DocumentId = documentId, Page = i + 1, Text = page }));
                tracked.TextStatus = text.Status;
                tracked.TextReason = text.Reason is { Length: > 300 } reason ? reason[..300] : text.Reason;
                tracked.TextPageCount = pages.Count;
                tracked.TextOcrPages = text.OcrPages;
                tracked.TextReadAt = time.GetUtcNow();
                tracked.TextLeaseUntil = null;
                tracked.SuggestedCategory = suggestion.Category;
                tracked.Confidence = suggestion.Confidence;
                tracked.Highlights = StoredHighlights.Write(highlights);

                // Asked to suggest: the document moves to what its text suggests, on the claim's journal, until staff confirm it.
                if (tracked.CategorySource == DocumentCategorySources.Suggested && tracked.Category != suggestion.Category && suggestion.Confidence >= options.Value.MinimumConfidence)
                {
                    var claim = await db.Claims.FirstAsync(c => c.Id == tracked.ClaimId, cancellationToken);
                    ClaimJournal.Append(db, claim, Reader, JournalAction, new Dictionary<string, string>
                    {
                        ["documentId"] = tracked.Id.ToString(),
                        ["fileName"] = tracked.FileName,
                        ["old"] = tracked.Category,
                        ["new"] = suggestion.Category,
                        ["confidence"] = suggestion.Confidence.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
                    }, time.GetUtcNow());
                    tracked.Category = suggestion.Category;
                }

                await db.SaveChangesAsync(cancellationToken);
                return true;
            });
        }

        private async Task<ExtractedText> ExtractAsync(DocumentRow document, CancellationToken cancellationToken)
        {
            if (!await store.ExistsAsync(document.Sha256, cancellationToken))
            {
                return ExtractedText.Fail("the stored file is missing");
            }

            byte[] content;
            await using (var stream = store.Open(document.Sha256))
            using (var buffer = new MemoryStream((int)Math.Min(document.Size, int.MaxValue)))
            {
                await stream.CopyToAsync(buffer, cancellationToken);
                content = buffer.ToArray();
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(options.Value.DocumentTimeout);
            try
            {
                return await extractor.ExtractAsync(content, document.FileName, document.ContentType, limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return ExtractedText.Fail($"reading took longer than the limit of {options.Value.DocumentTimeout.TotalMinutes:0} minutes");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The document id only: a file name may carry a member's name.
                logger.LogWarning(ex, "Reading the text of document {DocumentId} failed", document.Id);
                return ExtractedText.Fail("the file could not be read");
            }
        }
    }
}
