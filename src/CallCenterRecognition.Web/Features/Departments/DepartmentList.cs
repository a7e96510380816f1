using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Referral;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Departments;

// The one place a typed department becomes a code: a code, a name or an alias, without regard to case or spaces.
// Read from the table on each use (a few dozen rows) so an administrator's addition counts at once on every instance.
public sealed class DepartmentList
{
    private readonly Dictionary<string, DepartmentRow> byKey = new(StringComparer.Ordinal);

    public DepartmentList(IEnumerable<DepartmentRow> departments)
    {
        All = [.. departments.OrderBy(d => d.Code, StringComparer.OrdinalIgnoreCase)];
        // Codes win over names and names over aliases, so an alias an administrator added can never take a code away.
        foreach (var d in All)
        {
            byKey.TryAdd(Key(d.Code), d);
        }

        foreach (var d in All)
        {
            byKey.TryAdd(Key(d.Name), d);
        }

        foreach (var d in All)
        {
            foreach (var alias in d.Aliases)
            {
                byKey.TryAdd(Key(alias), d);
            }
        }
    }

    public IReadOnlyList<DepartmentRow> All { get; }

    public IEnumerable<DepartmentRow> Active => All.Where(d => d.Active);

    public static string Key(string value) => DepartmentCoverage.Key(value);

    public static async Task<DepartmentList> LoadAsync(AppDbContext db, CancellationToken cancellationToken) =>
        new(await db.Departments.AsNoTracking().ToListAsync(cancellationToken));

    // Any department, active or not: what existing data may be mapped to.
    public DepartmentRow? Find(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : byKey.GetValueOrDefault(Key(value));

    // What new input may name: active departments only.
    public string? Resolve(string? value) => Find(value) is { Active: true } d ? d.Code : null;

    public string? NameOf(string code) => Find(code) is { } d && d.Code == code ? d.Name : null;

    // Resolves the field or adds the error; null either way when it cannot be stored.
    public string? Resolve(FieldErrors errors, string field, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (Resolve(value) is { } code)
        {
            return code;
        }

        errors.Add(field, UnknownMessage(value));
        return null;
    }

    public static string UnknownMessage(string value) =>
        $"unknown department '{Shorten(value.Trim())}'; use a code such as EDD or a department's name — GET /api/departments lists them";

    // The same refusal for a person at a form, where the suggestions are right there; null for any other message.
    public static string? PageSentence(string message)
    {
        const string prefix = "unknown department '";
        var end = message.LastIndexOf("'; use ", StringComparison.Ordinal);
        return message.StartsWith(prefix, StringComparison.Ordinal) && end >= prefix.Length
            ? $"Department '{message[prefix.Length..end]}' is not on the list: pick one of the suggestions, or type its code (such as EDD) or its name."
            : null;
    }

    private static string Shorten(string value) => value.Length > 60 ? value[..60] + "…" : value;
}
