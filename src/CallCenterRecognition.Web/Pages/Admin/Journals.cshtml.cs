using CallCenterRecognition.Web.Features.Journal;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallCenterRecognition.Web.Pages.Admin;

[Authorize(Policy = PagePolicies.Admin)]
public sealed class JournalsModel(VerifyJournal.Handler handler) : PageModel
{
    public int Checked { get; private set; }

    public int Entries { get; private set; }

    public List<VerifyJournal.Result> Broken { get; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await foreach (var result in handler.AllAsync(cancellationToken))
        {
            Checked++;
            Entries += result.Count;
            if (!result.Valid)
            {
                Broken.Add(result);
            }
        }
    }
}
