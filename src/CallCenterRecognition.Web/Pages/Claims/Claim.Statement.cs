using System.Globalization;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Workflows;
using Microsoft.AspNetCore.Mvc;

namespace CallCenterRecognition.Web.Pages.Claims;

// The "Statement for the grievance" form of the claim page.
public sealed partial class ClaimModel
{
    public const string Continuing = "continuing";
    public const string OnDate = "date";

    private StatementInput? statementPosted;

    // What the form shows: what was posted when it failed, otherwise the claim's statement (the description until one is written).
    public StatementInput StatementForm => statementPosted ?? StatementInput.From(Claim.Statement);

    public Dictionary<string, string> StatementErrors { get; } = new(StringComparer.Ordinal);

    public bool StatementOpen { get; private set; }

    public bool CanEditStatement => CanCorrect && Definition.StagesById.GetValueOrDefault(Claim.Stage)?.Documents == DocumentPolicy.Open;

    public sealed class StatementInput
    {
        public string? Facts { get; set; }

        public string? Occurrence { get; set; }

        public string? OccurredOn { get; set; }

        public string? DifferentialFrom { get; set; }

        public static StatementInput From(StatementView statement) => new()
        {
            Facts = statement.Facts,
            Occurrence = statement.OccurredOn is null ? Continuing : OnDate,
            OccurredOn = Date(statement.OccurredOn),
            DifferentialFrom = Date(statement.DifferentialFrom),
        };

        public static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public async Task<IActionResult> OnPostStatementAsync(
        Guid id,
        int? expectedVersion,
        [Bind(Prefix = "Statement")] StatementInput statement,
        [FromServices] EditStatement.Handler handler,
        CancellationToken cancellationToken)
    {
        var continuing = statement.Occurrence != OnDate;
        EditStatement.Result? result = null;
        if (!continuing && string.IsNullOrWhiteSpace(statement.OccurredOn))
        {
            StatementErrors[EditStatement.OccurredOn] = "Give the date of occurrence, or choose Continuing violation.";
        }
        else
        {
            result = await handler.HandleAsync(
                id,
                new EditStatement.Command(expectedVersion, statement.Facts ?? string.Empty, continuing ? null : statement.OccurredOn, statement.DifferentialFrom),
                User,
                cancellationToken);
        }

        switch (result?.Outcome)
        {
            case EditStatement.Outcome.Done:
                return Redirect($"/claims/{id}?statement=saved#statement");
            case EditStatement.Outcome.Unchanged:
                return Redirect($"/claims/{id}?statement=none#statement");
            case EditStatement.Outcome.ClaimNotFound:
                return NotFound();
            case null or EditStatement.Outcome.Invalid:
                foreach (var (field, messages) in result?.Errors?.ToDictionary() ?? [])
                {
                    StatementErrors[field] = string.Join(" ", messages.Select(m => field == "expectedVersion" ? "Reload the claim and try again." : $"{ClaimFields.Label(field)} {m}."));
                }

                StatementOpen = true;
                statementPosted = statement;
                Message = "The statement needs attention; see the messages beside its fields. Nothing was saved.";
                Response.StatusCode = StatusCodes.Status400BadRequest;
                break;
            case EditStatement.Outcome.Stale:
                StatementOpen = true;
                Stale = true;
                Message = "Someone else changed this claim after you opened it. Nothing was saved. The statement below is as it is now; make your change again if it still applies.";
                break;
            case EditStatement.Outcome.Locked:
                Message = "The grievance has been filed (or the claim closed), so its statement is kept as filed. Nothing was saved.";
                Response.StatusCode = StatusCodes.Status409Conflict;
                break;
            case EditStatement.Outcome.Forbidden:
                Message = $"You may not do that: {result.Reason}";
                Response.StatusCode = StatusCodes.Status403Forbidden;
                break;
        }

        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        return Page();
    }
}
