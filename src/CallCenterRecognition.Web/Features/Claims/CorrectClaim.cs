using System.Security.Claims;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Departments;
using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Features.Intake;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Claim = CallCenterRecognition.Web.Data.Claim;

namespace CallCenterRecognition.Web.Features.Claims;

// Corrects what intake wrote (member, unit, description) on an open claim. A field left out (or null) stays as it is;
// one that is sent obeys intake's rule for it. Only fields whose stored value changes are journaled.
public static class CorrectClaim
{
    public enum Outcome
    {
        Done,
        Unchanged,
        ClaimNotFound,
        Forbidden,
        Invalid,
        Closed,
        Stale,
    }

    public sealed record Command(
        int? ExpectedVersion,
        OpenClaim.MemberInput? Member,
        string? Department,
        string? WorkUnit,
        JsonElement? BargainingUnit,
        string? Classification,
        string[]? PhoneSystems,
        string? Description);

    public sealed record Change(string Field, object? Old, object? New);

    public sealed record Result(
        Outcome Outcome,
        Claim? Claim = null,
        string? Reason = null,
        FieldErrors? Errors = null,
        int? CurrentVersion = null,
        IReadOnlyList<Change>? Changes = null);

    // The people who open and oversee claims, and the representative working this one; CanSee says the same today,
    // but who may rewrite a claim is its own rule.
    public static bool MayCorrect(ClaimsPrincipal user, Claim claim) =>
        user.IsInRole(Roles.Mrc) || user.IsInRole(Roles.Ccwg) || user.IsInRole(Roles.Admin) ||
        (user.IsInRole(Roles.Representative) && claim.AssignedRepresentativeId == user.FindFirstValue(ClaimTypes.NameIdentifier));

    // The fields the command sets, as they would be stored; absent ones are not in the map. `currentDepartment` is the claim's.
    public static (Dictionary<string, object?> Values, FieldErrors Errors) Read(Command command, DepartmentList departments, string? currentDepartment = null)
    {
        var errors = new FieldErrors();
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (command.ExpectedVersion is null)
        {
            errors.Add("expectedVersion", "is required: the claim's version as you last read it");
        }

        if (command.Member?.Name is { } name)
        {
            values[ClaimFields.MemberName] = ClaimFields.Name(errors, name);
        }

        if (command.Member?.Email is { } email)
        {
            values[ClaimFields.MemberEmail] = ClaimFields.Email(errors, email);
        }

        // An empty phone clears it, as an empty phone at intake stores none.
        if (command.Member?.Phone is { } phone)
        {
            values[ClaimFields.MemberPhone] = ClaimFields.Phone(errors, phone);
        }

        if (command.Member?.Language is { } language)
        {
            values[ClaimFields.MemberLanguage] = ClaimFields.Language(errors, language.Length == 0 ? null : language);
        }

        if (command.Department is { } department)
        {
            values[ClaimFields.Department] = ClaimFields.DepartmentCode(errors, department, departments, currentDepartment);
        }

        if (command.WorkUnit is { } workUnit)
        {
            values[ClaimFields.WorkUnit] = ClaimFields.WorkUnitText(errors, workUnit);
        }

        if (command.BargainingUnit is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } unit)
        {
            values[ClaimFields.BargainingUnit] = ClaimFields.BargainingUnitText(errors, unit);
        }

        if (command.Classification is { } classification)
        {
            values[ClaimFields.Classification] = ClaimFields.ClassificationText(errors, classification);
        }

        if (command.PhoneSystems is { } systems)
        {
            values[ClaimFields.PhoneSystems] = ClaimFields.PhoneSystemsText(errors, systems);
        }

        if (command.Description is { } description)
        {
            values[ClaimFields.Description] = ClaimFields.DescriptionText(errors, description);
        }

        return (values, errors);
    }

    public sealed class Handler(AppDbContext db, TimeProvider time, MemberLinks.Handler links, Units.UnitLookup units)
    {
        public async Task<Result> HandleAsync(Guid claimId, Command command, ClaimsPrincipal user, CancellationToken cancellationToken)
        {
            var found = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == claimId, cancellationToken);
            if (found is null)
            {
                return new Result(Outcome.ClaimNotFound, Reason: "The claim was not found.");
            }

            if (!MayCorrect(user, found))
            {
                return new Result(Outcome.Forbidden, found, "Only the MRC, the CCWG, an administrator or the claim's representative may correct it.");
            }

            var (values, errors) = Read(command, await DepartmentList.LoadAsync(db, cancellationToken), found.Department);
            if (errors.Any)
            {
                return new Result(Outcome.Invalid, found, "one or more fields are invalid", errors);
            }

            var actor = user.ToActor();
            var (result, replacement) = await ClaimJournal.WithRetryAsync<(Result, (MemberLinkRow Link, string Token)?)>(db, claimId, cancellationToken, async () =>
            {
                var claim = await db.Claims.FirstAsync(c => c.Id == claimId, cancellationToken);
                if (claim.IsClosed)
                {
                    return (new Result(Outcome.Closed, claim, "the claim is closed; its details are part of the record as they were"), null);
                }

                if (claim.Version != command.ExpectedVersion)
                {
                    return (new Result(Outcome.Stale, claim, $"the claim is at version {claim.Version}, not {command.ExpectedVersion}: someone changed it first", CurrentVersion: claim.Version), null);
                }

                var changes = Apply(claim, values);
                if (changes.Count == 0)
                {
                    return (new Result(Outcome.Unchanged, claim, Changes: changes), null);
                }

                var now = time.GetUtcNow();
                claim.Version++;
                ClaimJournal.Append(db, claim, actor, ClaimJournal.ClaimCorrected, JournalData(changes), now);

                // The claim's member is its first grievant: the grievant list shows what the claim says.
                var first = await db.Grievants.FirstOrDefaultAsync(g => g.ClaimId == claim.Id && g.Position == 0, cancellationToken);
                if (first is not null)
                {
                    (first.Name, first.Email, first.Phone, first.Language, first.Classification) = (claim.Member.Name, claim.Member.Email, claim.Member.Phone, claim.Member.Language, claim.Classification);
                }

                // A claim moved to another unit (a corrected department or work unit) belongs to that unit from now on.
                if (changes.Any(c => c.Field is ClaimFields.Department or ClaimFields.WorkUnit))
                {
                    var unit = await units.FindOrAddAsync(claim.Department, claim.WorkUnit, actor, cancellationToken);
                    (claim.UnitId, claim.UnitKey) = (unit.Id, unit.UnitKey);
                }

                // The old link was mailed to an address now known to be wrong: it stops working, and a member who had a
                // working link gets a new one at the corrected address.
                (MemberLinkRow Link, string Token)? issued = null;
                if (changes.Any(c => c.Field == ClaimFields.MemberEmail && !string.Equals((string?)c.Old, (string?)c.New, StringComparison.OrdinalIgnoreCase)))
                {
                    var revoked = await links.RevokeActiveAsync(claim, actor, now, cancellationToken, first);
                    if (revoked.Any(l => l.ExpiresAt > now))
                    {
                        issued = links.Issue(claim, actor, now, first);
                    }
                }

                await db.SaveChangesAsync(cancellationToken);
                return (new Result(Outcome.Done, claim, Changes: changes), issued);
            });

            if (replacement is { } link)
            {
                await links.SendAsync(result.Claim!, link.Link, link.Token, cancellationToken);
            }

            return result;
        }

        private static List<Change> Apply(Claim claim, Dictionary<string, object?> values)
        {
            var changes = new List<Change>();
            foreach (var (field, value) in values)
            {
                var old = Current(claim, field);
                if (Equals(old, value) || (old is string[] a && value is string b && string.Join(',', a) == b))
                {
                    continue;
                }

                switch (field)
                {
                    case ClaimFields.MemberName:
                        claim.Member.Name = (string)value!;
                        claim.SearchText = ClaimMapping.SearchText(claim.Number, claim.Member.Name);
                        break;
                    case ClaimFields.MemberEmail:
                        claim.Member.Email = (string)value!;
                        break;
                    case ClaimFields.MemberPhone:
                        claim.Member.Phone = (string?)value;
                        break;
                    case ClaimFields.MemberLanguage:
                        claim.Member.Language = (string)value!;
                        break;
                    case ClaimFields.Department:
                        claim.Department = (string)value!;
                        break;
                    case ClaimFields.WorkUnit:
                        claim.WorkUnit = (string)value!;
                        break;
                    case ClaimFields.BargainingUnit:
                        claim.BargainingUnit = (string)value!;
                        break;
                    case ClaimFields.Classification:
                        claim.Classification = (string)value!;
                        break;
                    case ClaimFields.PhoneSystems:
                        claim.PhoneSystems = (string)value!;
                        break;
                    case ClaimFields.Description:
                        claim.Description = (string)value!;
                        break;
                }

                changes.Add(new Change(field, old, field == ClaimFields.PhoneSystems ? ClaimMapping.SplitPhoneSystems((string)value!) : value));
            }

            // Related claims are read by unit key, so the claim joins its new unit's claims from here on; a claim whose unit
            // was merged keeps the key it was given then unless its department or work unit changes.
            if (changes.Any(c => c.Field is ClaimFields.Department or ClaimFields.WorkUnit))
            {
                claim.UnitKey = ClaimMapping.UnitKey(claim.Department, claim.WorkUnit);
            }

            return changes;
        }

        private static object? Current(Claim claim, string field) => field switch
        {
            ClaimFields.MemberName => claim.Member.Name,
            ClaimFields.MemberEmail => claim.Member.Email,
            ClaimFields.MemberPhone => claim.Member.Phone,
            ClaimFields.MemberLanguage => claim.Member.Language,
            ClaimFields.Department => claim.Department,
            ClaimFields.WorkUnit => claim.WorkUnit,
            ClaimFields.BargainingUnit => claim.BargainingUnit,
            ClaimFields.Classification => claim.Classification,
            ClaimFields.PhoneSystems => ClaimMapping.SplitPhoneSystems(claim.PhoneSystems),
            ClaimFields.Description => claim.Description,
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a claim field"),
        };

        // Intake journals no member data (it lives on the claim row, and reading it there is access-logged, reading the
        // journal is not), so a member field is named as changed without its values. Other fields carry old and new.
        private static string JournalData(List<Change> changes)
        {
            var data = new SortedDictionary<string, object?>(StringComparer.Ordinal)
            {
                ["changed"] = changes.Select(c => c.Field).Order(StringComparer.Ordinal).ToArray(),
            };
            foreach (var change in changes)
            {
                data[change.Field] = new SortedDictionary<string, object?>(StringComparer.Ordinal) { ["old"] = change.Old, ["new"] = change.New };
            }

            return JsonSerializer.Serialize(data, ClaimJournal.Canonical);
        }
    }
}
