using System.Globalization;
using CallCenterRecognition.Web.Infrastructure;

namespace CallCenterRecognition.Web.Features.Calendar;

// The days state offices are closed in one year: observed holidays and the calendar file's one-off closures.
public static class ListHolidays
{
    public const int FirstYear = 2000;

    public const int LastYear = 2100;

    public sealed record Holiday(DateOnly Date, string Name);

    public static FieldErrors Validate(string? year, out int parsed)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(year))
        {
            errors.Add("year", "is required, e.g. year=2026");
            parsed = 0;
        }
        else if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out parsed))
        {
            errors.Add("year", "must be a year written as digits, e.g. 2026");
        }
        else if (parsed is < FirstYear or > LastYear)
        {
            errors.Add("year", $"must be between {FirstYear} and {LastYear}");
        }

        return errors;
    }

    public sealed class Handler(StateHolidayCalendar calendar)
    {
        public IReadOnlyList<Holiday> Handle(int year) =>
        [
            .. calendar.HolidaysIn(year).Select(h => new Holiday(h.Date, h.Name))
                .Concat(calendar.ClosuresIn(year).Select(c => new Holiday(c.Date, c.Name)))
                .OrderBy(h => h.Date),
        ];
    }
}
