using CallCenterRecognition.Evidence;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Documents;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.DocumentText;

// The suggester, taught by the documents staff confirmed (the latest ones, read text only). Rebuilt after a confirmation on this
// instance, and at least every few minutes so confirmations made on another instance teach it too.
public sealed class CategorySuggestions(IServiceScopeFactory scopes, TimeProvider time)
{
    public const int MaxExamples = 2000;

    // A name alone must be this sure before an upload is filed under it rather than under "other".
    public const double NameConfidence = 0.5;

    private const int MaxExampleChars = 8000;

    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private readonly SemaphoreSlim building = new(1, 1);
    private readonly Lazy<CategorySuggester> untaught = new(() => CategorySuggester.Create([]));
    private (CategorySuggester Suggester, DateTimeOffset BuiltAt)? current;

    // For the upload itself, which must not wait on the database: what the file name alone suggests.
    public Suggestion FromName(string fileName) => (current?.Suggester ?? untaught.Value).Suggest(fileName, string.Empty);

    public void Invalidate() => current = null;

    public async Task<CategorySuggester> CurrentAsync(CancellationToken cancellationToken)
    {
        if (current is { } fresh && time.GetUtcNow() - fresh.BuiltAt < MaxAge)
        {
            return fresh.Suggester;
        }

        await building.WaitAsync(cancellationToken);
        try
        {
            if (current is { } built && time.GetUtcNow() - built.BuiltAt < MaxAge)
            {
                return built.Suggester;
            }

            var suggester = CategorySuggester.Create(await ExamplesAsync(cancellationToken));
            current = (suggester, time.GetUtcNow());
            return suggester;
        }
        finally
        {
            building.Release();
        }
    }

    private async Task<List<CategoryExample>> ExamplesAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var documents = await db.Documents.AsNoTracking()
            .Where(d => d.DeletedAt == null && d.CategorySource == DocumentCategorySources.Confirmed && d.TextStatus == TextStatuses.Done && d.TextPageCount > 0)
            .OrderByDescending(d => d.UploadedAt)
            .Select(d => new { d.Id, d.Category, d.FileName })
            .Take(MaxExamples)
            .ToListAsync(cancellationToken);
        var examples = new List<CategoryExample>(documents.Count);
        foreach (var chunk in documents.Chunk(200))
        {
            var ids = chunk.Select(d => d.Id).ToList();
            var pages = await db.DocumentTextPages.AsNoTracking().Where(p => ids.Contains(p.DocumentId) && p.Page <= 5)
                .Select(p => new { p.DocumentId, p.Page, p.Text }).ToListAsync(cancellationToken);
            var text = pages.GroupBy(p => p.DocumentId).ToDictionary(g => g.Key, g => string.Join("\n", g.OrderBy(p => p.Page).Select(p => p.Text)));
            examples.AddRange(chunk.Select(d => new CategoryExample(d.Category, d.FileName, Trim(text.GetValueOrDefault(d.Id, string.Empty)))));
        }

        return examples;
    }

    public static string Trim(string text) => text.Length <= MaxExampleChars ? text : text[..MaxExampleChars];
}
