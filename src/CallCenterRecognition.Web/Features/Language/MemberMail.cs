using System.Globalization;
using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Features.Reminders;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace CallCenterRecognition.Web.Features.Language;

// Every e-mail a member receives, in the member's language (subject included); names of the union, CalHR and forms stay as they are.
public sealed class MemberMail(IStringLocalizer<MemberText> text, DocumentCategoryText categories)
{
    private const string LinkSignature = "SEIU Local 1000 · Call Center Work Group";
    private const string ReminderSignature = "SEIU Local 1000 Member Resource Center, 866.471.SEIU";

    public RenderedMessage Link(string? language, string name, string number, string url, DateTimeOffset expiresAt, TimeZoneInfo zone)
    {
        using (MemberCulture.Use(language))
        {
            var culture = CultureInfo.CurrentCulture;
            // The hour matters: "until Thursday" alone reads as "all Thursday".
            var expires = Format("Mail.CaliforniaTime", IsEnglish(culture)
                ? DisplayDates.DateTime(expiresAt, zone)
                : TimeZoneInfo.ConvertTime(expiresAt, zone).ToString("f", culture));
            return new RenderedMessage(
                Format("Mail.Link.Subject", number),
                Format("Mail.Link.Body", name, number, Essentials(culture), url, expires) + "\n\n" + LinkSignature + "\n");
        }
    }

    public RenderedMessage Reminder(string? language, string template, ReminderContext context)
    {
        using (MemberCulture.Use(language))
        {
            var culture = CultureInfo.CurrentCulture;
            var due = context.DueAt is { } dueAt
                ? TimeZoneInfo.ConvertTime(dueAt, context.Zone).ToString(IsEnglish(culture) ? "dddd, MMMM d, yyyy" : "D", culture)
                : text["Mail.NoDate"].Value;
            var ask = template == "documents-requested"
                ? Format("Mail.Reminder.DocumentsRequested", due, Essentials(culture))
                : Format("Mail.Reminder.NextStep", due);
            var stageName = context.Stage?.NameIn(language) ?? context.StageName;
            var where = context.Stage?.DescriptionIn(language) ?? context.StageDescription ?? stageName;
            return new RenderedMessage(
                Format("Mail.Reminder.Subject", context.ClaimNumber),
                Format("Mail.Reminder.Body", context.MemberName, context.ClaimNumber, context.WorkUnit, where, ask) + "\n\n" + ReminderSignature + "\n");
        }
    }

    private static bool IsEnglish(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en";

    // "duty statements, org chart": the essential categories as the checklist names them.
    private string Essentials(CultureInfo culture) =>
        string.Join(text["List.Separator"].Value, DocumentCategories.Essential.Select(id => categories.Title(id).ToLower(culture)));

    private string Format(string key, params object[] values) => string.Format(CultureInfo.CurrentCulture, text[key].Value, values);
}
