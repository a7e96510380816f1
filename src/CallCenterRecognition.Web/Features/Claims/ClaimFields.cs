using System.Net.Mail;
using System.Text.Json;
using CallCenterRecognition.Web.Features.Departments;
using CallCenterRecognition.Web.Infrastructure;

namespace CallCenterRecognition.Web.Features.Claims;

// The rules for a claim's own fields, one method per field, shared by intake and corrections so both answer with the same
// field keys and messages. Each returns the value as it is stored (trimmed, normalised), or null when it is missing or refused.
public static class ClaimFields
{
    public const string MemberName = "member.name";
    public const string MemberEmail = "member.email";
    public const string MemberPhone = "member.phone";
    public const string MemberLanguage = "member.language";
    public const string Department = "department";
    public const string WorkUnit = "workUnit";
    public const string BargainingUnit = "bargainingUnit";
    public const string Classification = "classification";
    public const string PhoneSystems = "phoneSystems";
    public const string Description = "description";

    public static readonly string[] PhoneSystemValues = ["desk-phone", "cti", "acd"];

    private static readonly Dictionary<string, string> PhoneSystemShortNames = new(StringComparer.Ordinal) { ["desk-phone"] = "desk phone", ["cti"] = "CTI", ["acd"] = "ACD" };

    // "ACD, CTI, desk phone": the stored values as a sentence reads them.
    public static string PhoneSystemWords(IEnumerable<string> values)
    {
        var text = string.Join(", ", values.Select(v => PhoneSystemShortNames.GetValueOrDefault(v, v)).Order(StringComparer.Ordinal));
        return text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
    }

    // SEIU Local 1000 represents these State bargaining units.
    public static readonly string[] BargainingUnitValues = ["1", "3", "4", "11", "14", "15", "17", "20", "21"];

    // In form order, with the words a person reads.
    public static readonly IReadOnlyList<(string Field, string Label)> Labels =
    [
        (MemberName, "Name"),
        (MemberEmail, "E-mail"),
        (MemberPhone, "Phone"),
        (MemberLanguage, "Preferred language"),
        (Department, "Department"),
        (WorkUnit, "Work unit"),
        (BargainingUnit, "Bargaining unit"),
        (Classification, "Classification"),
        (PhoneSystems, "Phone system"),
        (Description, "Description"),
    ];

    public static string Label(string field) => Labels.FirstOrDefault(l => l.Field == field).Label ?? EditStatement.Labels.GetValueOrDefault(field) ?? field;

    // A field's message as a sentence for a page: "E-mail is not an e-mail address."
    public static string Sentence(string field, string message) => field switch
    {
        PhoneSystems => $"Phone system: {message}.",
        Department when DepartmentList.PageSentence(message) is { } sentence => sentence,
        _ => $"{Label(field)} {message}.",
    };

    public static string? Name(FieldErrors errors, string? value) => Text(errors, MemberName, value, 200, required: true);

    public static string? Email(FieldErrors errors, string? value)
    {
        var email = Text(errors, MemberEmail, value, 254, required: true);
        if (email is not null && !IsEmail(email))
        {
            errors.Add(MemberEmail, "is not an e-mail address");
            return null;
        }

        return email;
    }

    // Optional: blank means the member gave no phone number.
    public static string? Phone(FieldErrors errors, string? value)
    {
        var phone = Text(errors, MemberPhone, value, 40, required: false);
        if (phone is not null && !phone.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '(' or ')' or '.' or 'x'))
        {
            errors.Add(MemberPhone, "may hold only digits, spaces and + - ( ) . x");
            return null;
        }

        return phone;
    }

    // Optional at intake (English when left out); one of the offered BCP 47 tags, any case, stored as offered.
    public static string? Language(FieldErrors errors, string? value, string field = MemberLanguage)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Features.Language.MemberLanguages.Default;
        }

        if (Features.Language.MemberLanguages.Normalize(value) is { } language)
        {
            return language;
        }

        errors.Add(field, $"must be one of {Features.Language.MemberLanguages.AllowedList}");
        return null;
    }

    public static string LanguageName(string tag) =>
        Features.Language.MemberLanguages.All.FirstOrDefault(l => l.Tag == tag) is { } language
            ? (language.Tag == "en" ? "English" : $"{language.NativeName} ({language.Tag})")
            : tag;

    // The department's code from its code, name or alias. `current` is the claim's stored value, accepted as it is even when the
    // list no longer knows it, so a correction form that sends every field back can still fix the member's phone.
    public static string? DepartmentCode(FieldErrors errors, string? value, DepartmentList departments, string? current = null)
    {
        var text = Text(errors, Department, value, 100, required: true);
        if (text is null)
        {
            return null;
        }

        if (departments.Resolve(text) is { } code)
        {
            return code;
        }

        if (current is not null && DepartmentList.Key(text) == DepartmentList.Key(current))
        {
            return current;
        }

        errors.Add(Department, DepartmentList.UnknownMessage(text));
        return null;
    }

    public static string? WorkUnitText(FieldErrors errors, string? value) => Text(errors, WorkUnit, value, 200, required: true);

    public static string? ClassificationText(FieldErrors errors, string? value) => Text(errors, Classification, value, 200, required: true);

    public static string? DescriptionText(FieldErrors errors, string? value) => Text(errors, Description, value, 20_000, required: true);

    public static string? BargainingUnitText(FieldErrors errors, JsonElement? value)
    {
        var unit = BargainingUnitText(value);
        if (unit is null)
        {
            errors.Add(BargainingUnit, "is required");
            return null;
        }

        if (!BargainingUnitValues.Contains(unit))
        {
            errors.Add(BargainingUnit, $"must be one of {string.Join(", ", BargainingUnitValues)}");
            return null;
        }

        return unit;
    }

    public static string? BargainingUnitText(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } s when !string.IsNullOrWhiteSpace(s.GetString()) => s.GetString()!.Trim(),
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        _ => null,
    };

    // Stored as the distinct values in order, comma-separated; none is allowed.
    public static string? PhoneSystemsText(FieldErrors errors, string[]? values)
    {
        var valid = true;
        foreach (var system in values ?? [])
        {
            // The JSON reader fills a string[] with nulls as readily as with strings.
            if (system is null)
            {
                errors.Add(PhoneSystems, $"must hold only {string.Join(", ", PhoneSystemValues)}, not null");
                valid = false;
            }
            else if (!PhoneSystemValues.Contains(system))
            {
                errors.Add(PhoneSystems, $"'{Shorten(system)}' is not one of {string.Join(", ", PhoneSystemValues)}");
                valid = false;
            }
        }

        return valid ? string.Join(',', (values ?? []).Distinct().Order(StringComparer.Ordinal)) : null;
    }

    private static string? Text(FieldErrors errors, string field, string? value, int maxLength, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(field, "is required");
            }

            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            errors.Add(field, $"must be at most {maxLength} characters");
            return null;
        }

        // Everything else is stored as given; NUL alone cannot be stored by PostgreSQL.
        if (trimmed.Contains('\0', StringComparison.Ordinal))
        {
            errors.Add(field, "contains a NUL character");
            return null;
        }

        return trimmed;
    }

    private static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.', StringComparison.Ordinal);

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
