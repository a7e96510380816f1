using System.Globalization;

namespace CallCenterRecognition.Web.Infrastructure;

// One way to write a date for people, on every page and in every staff e-mail: "Tue 1 Dec 2026, 8:00 AM", California time.
public static class DisplayDates
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    public const string DateFormat = "ddd d MMM yyyy";

    public const string DateTimeFormat = "ddd d MMM yyyy, h:mm tt";

    public static string DateTime(DateTimeOffset value, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(value, zone).ToString(DateTimeFormat, English);

    public static string DateTime(DateTimeOffset? value, TimeZoneInfo zone) => value is { } v ? DateTime(v, zone) : "—";

    public static string Date(DateTimeOffset value, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(value, zone).ToString(DateFormat, English);

    public static string Date(DateTimeOffset? value, TimeZoneInfo zone) => value is { } v ? Date(v, zone) : "—";

    public static string Date(DateOnly value) => value.ToString(DateFormat, English);
}
