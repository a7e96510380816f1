using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;
using Claim = CallCenterRecognition.Web.Data.Claim;

namespace CallCenterRecognition.Web.Features.Claims;

public sealed record StatementView(string Facts, DateOnly? OccurredOn, DateOnly? DifferentialFrom, bool UsesDescription)
{
    public static StatementView Of(Claim claim) => new(claim.StatementFacts ?? claim.Description, claim.OccurredOn, claim.DifferentialFrom, claim.StatementFacts is null);
}

// The grievance's statement: the facts, the date of occurrence (none: a continuing violation) and the date the differential is
// claimed from. The whole statement is sent each time. Editable while the stage leaves documents open: after filing it is what CalHR holds.
public static class EditStatement
{
    public const int MaxFacts = 8000;

    public const string Facts = "facts";
    public const string OccurredOn = "occurredOn";
    public const string DifferentialFrom = "differentialFrom";

    // Nothing before this is a claim this office could still be working.
    public static readonly DateOnly Earliest = new(2000, 1, 1);

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Facts] = "Statement of facts",
        [OccurredOn] = "Date of occurrence",
        [DifferentialFrom] = "Differential claimed from",
    };

    public enum Outcome
    {
        Done,
        Unchanged,
        ClaimNotFound,
        Forbidden,
        Invalid,
        Locked,
        Stale,
    }

    public sealed record Command(int? ExpectedVersion, string? Facts, string? OccurredOn, string? DifferentialFrom);

    public sealed record Result(Outcome Outcome, Claim? Claim = null, string? Reason = null, FieldErrors? Errors = null, int? CurrentVersion = null);

    private sealed record Values(string Facts, DateOnly? OccurredOn, DateOnly? DifferentialFrom);

    private static Values? Read(Command command, DateOnly today, FieldErrors errors)
    {
        if (command.ExpectedVersion is null)
        {
            errors.Add("expectedVersion", "is required: the claim's version as you last read it");
        }

        string? facts = null;
        if (string.IsNullOrWhiteSpace(command.Facts))
        {
            errors.Add(Facts, "is required");
        }
        else
        {
            // A browser posts a textarea's line breaks as CRLF; stored one way, the prefilled description compares equal.
            facts = command.Facts.Trim().ReplaceLineEndings("\n");
            if (facts.Length > MaxFacts)
            {
                errors.Add(Facts, $"must be at most {MaxFacts} characters");
            }
            else if (facts.Contains('\0', StringComparison.Ordinal))
            {
                errors.Add(Facts, "contains a NUL character");
            }
        }

        var occurredOn = Date(errors, OccurredOn, command.OccurredOn, today, "the date of occurrence cannot be in the future; leave it empty for a continuing violation");
        var differentialFrom = Date(errors, DifferentialFrom, command.DifferentialFrom, today, "the differential is claimed back from a past date, not a future one");
        return errors.Any ? null : new Values(facts!, occurredOn, differentialFrom);
    }

    private static DateOnly? Date(FieldErrors errors, string field, string? text, DateOnly today, string future)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add(field, "must be a date written yyyy-MM-dd");
            return null;
        }

        if (date > today)
        {
            errors.Add(field, $"must not be after today ({today:yyyy-MM-dd}): {future}");
            return null;
        }

        if (date < Earliest)
        {
            errors.Add(field, $"must not be before {Earliest:yyyy-MM-dd}");
            return null;
        }

        return date;
    }

    public sealed class Handler(AppDbContext db, TimeProvider time, LocalClock clock, WorkflowRegistry registry)
    {
        public async Task<Result> HandleAsync(Guid claimId, Command command, ClaimsPrincipal user, CancellationToken cancellationToken)
        {
            var found = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == claimId, cancellationToken);
            if (found is null)
            {
                return new Result(Outcome.ClaimNotFound, Reason: "The claim was not found.");
            }

            if (!CorrectClaim.MayCorrect(user, found))
            {
                return new Result(Outcome.Forbidden, found, "Only the MRC, the CCWG, an administrator or the claim's representative may write its statement.");
            }

            var errors = new FieldErrors();
            var values = Read(command, clock.Today(), errors);
            if (values is null)
            {
                return new Result(Outcome.Invalid, found, "one or more fields are invalid", errors);
            }

            var actor = user.ToActor();
            return await ClaimJournal.WithRetryAsync(db, claimId, cancellationToken, async () =>
            {
                var claim = await db.Claims.FirstAsync(c => c.Id == claimId, cancellationToken);
                if (!EvidenceLock.IsOpen(claim, registry))
                {
                    return new Result(Outcome.Locked, claim, "the grievance has been filed (or the claim closed); its statement is kept as filed");
                }

                if (claim.Version != command.ExpectedVersion)
                {
                    return new Result(Outcome.Stale, claim, $"the claim is at version {claim.Version}, not {command.ExpectedVersion}: someone changed it first", CurrentVersion: claim.Version);
                }

                // Facts that are the intake description word for word stay "the description", so a later correction of it reaches the packet.
                var storedFacts = values.Facts == claim.Description.ReplaceLineEndings("\n") ? null : values.Facts;
                var data = new SortedDictionary<string, object?>(StringComparer.Ordinal);
                var changed = new List<string>();
                void Change(string field, object? old, object? @new)
                {
                    changed.Add(field);
                    data[field] = new SortedDictionary<string, object?>(StringComparer.Ordinal) { ["old"] = old, ["new"] = @new };
                }

                if (storedFacts != claim.StatementFacts)
                {
                    Change(Facts, claim.StatementFacts ?? claim.Description, values.Facts);
                }

                if (values.OccurredOn != claim.OccurredOn)
                {
                    Change(OccurredOn, Text(claim.OccurredOn), Text(values.OccurredOn));
                }

                if (values.DifferentialFrom != claim.DifferentialFrom)
                {
                    Change(DifferentialFrom, Text(claim.DifferentialFrom), Text(values.DifferentialFrom));
                }

                if (changed.Count == 0)
                {
                    return new Result(Outcome.Unchanged, claim);
                }

                claim.StatementFacts = storedFacts;
                claim.OccurredOn = values.OccurredOn;
                claim.DifferentialFrom = values.DifferentialFrom;
                claim.Version++;
                data["changed"] = changed.Order(StringComparer.Ordinal).ToArray();
                ClaimJournal.Append(db, claim, actor, ClaimJournal.StatementEdited, JsonSerializer.Serialize(data, ClaimJournal.Canonical), time.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
                return new Result(Outcome.Done, claim);
            });
        }

        private static string? Text(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
