using CallCenterRecognition.Web.Features.DocumentText;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Pages.Search;

[Authorize(Policy = PagePolicies.Staff)]
public sealed class SearchModel(SearchDocuments.Handler handler, Data.AppDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? ClaimId { get; set; }

    // Only a claim the viewer may see is named; otherwise the search quietly covers what they may see.
    public string? ClaimNumber { get; private set; }

    public SearchResults? Results { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (ClaimId is { } id && await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken) is { } claim && User.CanSee(claim))
        {
            ClaimNumber = claim.Number;
        }

        if (string.IsNullOrWhiteSpace(Q))
        {
            return;
        }

        if (Q.Length > SearchDocuments.MaxQueryLength)
        {
            Error = $"Search for at most {SearchDocuments.MaxQueryLength} characters.";
            return;
        }

        if (SearchDocuments.Words(Q).Count == 0)
        {
            Error = "Type a word or two to find: letters or numbers.";
            return;
        }

        Results = await handler.HandleAsync(Q, ClaimId, SearchDocuments.DefaultLimit, User, cancellationToken);
    }
}
