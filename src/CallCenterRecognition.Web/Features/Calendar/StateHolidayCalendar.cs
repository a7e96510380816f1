using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using CallCenterRecognition.Workflows;

namespace CallCenterRecognition.Web.Features.Calendar;

// One holiday rule from the calendar file: a fixed date (month + day) or the nth weekday of a month (nth -1 = last), plus days.
public sealed record HolidayRule(
    string Name,
    int Month,
    int? Day,
    DayOfWeek? Weekday,
    int? Nth,
    int PlusDays,
    string SaturdayObserved,
    string SundayObserved,
    int? FromYear,
    int? UntilYear)
{
    public DateOnly? ActualDate(int year)
    {
        if ((FromYear is { } from && year < from) || (UntilYear is { } until && year > until))
        {
            return null;
        }

        DateOnly date;
        if (Day is { } day)
        {
            date = new DateOnly(year, Month, day);
        }
        else if (Nth is -1)
        {
            date = new DateOnly(year, Month, DateTime.DaysInMonth(year, Month));
            while (date.DayOfWeek != Weekday)
            {
                date = date.AddDays(-1);
            }
        }
        else
        {
            date = new DateOnly(year, Month, 1);
            while (date.DayOfWeek != Weekday)
            {
                date = date.AddDays(1);
            }

            date = date.AddDays(7 * (Nth!.Value - 1));
        }

        return date.AddDays(PlusDays);
    }

    // The day offices close: Sunday holidays move to Monday; Saturday ones stay (holiday credit) unless the rule says otherwise.
    public DateOnly? ObservedDate(int year)
    {
        if (ActualDate(year) is not { } date)
        {
            return null;
        }

        var rule = date.DayOfWeek switch
        {
            DayOfWeek.Saturday => SaturdayObserved,
            DayOfWeek.Sunday => SundayObserved,
            _ => "none",
        };
        return rule switch
        {
            "following-monday" => date.AddDays(date.DayOfWeek == DayOfWeek.Sunday ? 1 : 2),
            "preceding-friday" => date.AddDays(date.DayOfWeek == DayOfWeek.Saturday ? -1 : -2),
            _ => date,
        };
    }
}

public sealed record Closure(DateOnly Date, string Name);

public sealed record ObservedHoliday(DateOnly Date, string Name, DateOnly ActualDate)
{
    public bool Moved => Date != ActualDate;
}

// Weekends, state holidays computed for any year from rules in a data file, and extra closure days an administrator adds there.
public sealed class StateHolidayCalendar : WeekendCalendar
{
    private readonly IReadOnlyList<HolidayRule> rules;
    private readonly Dictionary<DateOnly, string> closures;
    private readonly ConcurrentDictionary<int, IReadOnlyList<ObservedHoliday>> years = new();

    public StateHolidayCalendar(string name, TimeZoneInfo timeZone, IReadOnlyList<HolidayRule> rules, IReadOnlyList<Closure> closures)
        : base(timeZone)
    {
        Name = name;
        this.rules = rules;
        this.closures = closures.GroupBy(c => c.Date).ToDictionary(g => g.Key, g => g.First().Name);
    }

    public string Name { get; }

    public IReadOnlyList<ObservedHoliday> HolidaysIn(int year) => years.GetOrAdd(year, y =>
        [.. rules.Select(r => r.ObservedDate(y) is { } observed ? new ObservedHoliday(observed, r.Name, r.ActualDate(y)!.Value) : null)
            .OfType<ObservedHoliday>()
            .OrderBy(h => h.Date)]);

    public IReadOnlyList<Closure> ClosuresIn(int year) => [.. closures.Where(c => c.Key.Year == year).Select(c => new Closure(c.Key, c.Value)).OrderBy(c => c.Date)];

    public string? ClosedFor(DateOnly date)
    {
        if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            return date.DayOfWeek.ToString();
        }

        if (closures.TryGetValue(date, out var closure))
        {
            return closure;
        }

        // An observed day can fall in the neighbouring year (New Year's Day on a Saturday never moves back, but rules may).
        for (var year = date.Year - 1; year <= date.Year + 1; year++)
        {
            if (HolidaysIn(year).FirstOrDefault(h => h.Date == date) is { } holiday)
            {
                return holiday.Name;
            }
        }

        return null;
    }

    public override bool IsBusinessDay(DateOnly date) => ClosedFor(date) is null;

    public static StateHolidayCalendar Load(string path)
    {
        var file = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            throw new WorkflowDefinitionException([new DefinitionFault(path, "$", "the calendar file does not exist")], "calendar");
        }

        return Parse(File.ReadAllText(path), file);
    }

    public static StateHolidayCalendar Parse(string json, string file)
    {
        var faults = new List<DefinitionFault>();
        void Fault(string path, string message) => faults.Add(new DefinitionFault(file, path, message));

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new WorkflowDefinitionException([new DefinitionFault(file, "$", $"invalid JSON (line {ex.LineNumber + 1})")], "calendar");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new WorkflowDefinitionException([new DefinitionFault(file, "$", "a calendar must be a JSON object")], "calendar");
            }

            var name = Text(root, "name") ?? "Holidays";
            TimeZoneInfo zone = TimeZoneInfo.Utc;
            var zoneId = Text(root, "timeZone");
            if (zoneId is null || !TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out zone!))
            {
                Fault("$.timeZone", $"'{zoneId}' is not a known time zone id such as America/Los_Angeles");
                zone = TimeZoneInfo.Utc;
            }

            var saturday = Observance(root, "$", "saturdayObserved", "none", Fault);
            var sunday = Observance(root, "$", "sundayObserved", "following-monday", Fault);
            var rules = new List<HolidayRule>();
            var index = 0;
            foreach (var holiday in Items(root, "holidays"))
            {
                var path = $"$.holidays[{index++}]";
                var rule = ReadRule(holiday, path, saturday, sunday, Fault);
                if (rule is not null)
                {
                    rules.Add(rule);
                }
            }

            var closures = new List<Closure>();
            index = 0;
            foreach (var closure in Items(root, "closures"))
            {
                var path = $"$.closures[{index++}]";
                var dateText = closure.ValueKind == JsonValueKind.Object ? Text(closure, "date") : null;
                if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    Fault(path + ".date", "expected a date written yyyy-MM-dd");
                    continue;
                }

                closures.Add(new Closure(date, Text(closure, "name") ?? "Office closure"));
            }

            if (faults.Count > 0)
            {
                throw new WorkflowDefinitionException(faults, "calendar");
            }

            return new StateHolidayCalendar(name, zone, rules, closures);
        }
    }

    private static HolidayRule? ReadRule(JsonElement element, string path, string saturday, string sunday, Action<string, string> fault)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            fault(path, "expected an object");
            return null;
        }

        var name = Text(element, "name");
        if (name is null)
        {
            fault(path + ".name", "missing");
        }

        var month = Int(element, "month");
        if (month is not (>= 1 and <= 12))
        {
            fault(path + ".month", "expected a month 1 to 12");
            return null;
        }

        var day = Int(element, "day");
        var weekdayText = Text(element, "weekday");
        DayOfWeek? weekday = weekdayText is not null && Enum.TryParse<DayOfWeek>(weekdayText, ignoreCase: true, out var parsed) && !int.TryParse(weekdayText, out _) ? parsed : null;
        var nth = Int(element, "nth");
        if (day is not null == (weekdayText is not null))
        {
            fault(path, "give either 'day' or 'weekday' with 'nth'");
            return null;
        }

        if (day is { } d && (d < 1 || d > DateTime.DaysInMonth(2023, month.Value)))
        {
            fault(path + ".day", $"{d} is not a day of month {month}");
        }

        if (weekdayText is not null && weekday is null)
        {
            fault(path + ".weekday", $"'{weekdayText}' is not a weekday name");
        }

        if (weekdayText is not null && nth is not (-1 or (>= 1 and <= 4)))
        {
            fault(path + ".nth", "expected 1 to 4, or -1 for the last");
        }

        var plusDays = Int(element, "plusDays") ?? 0;
        if (plusDays is < 0 or > 7)
        {
            fault(path + ".plusDays", "expected 0 to 7");
        }

        var ownSaturday = Observance(element, path, "saturdayObserved", saturday, fault);
        var ownSunday = Observance(element, path, "sundayObserved", sunday, fault);
        return name is null ? null : new HolidayRule(name, month.Value, day, weekday, nth, plusDays, ownSaturday, ownSunday, Int(element, "fromYear"), Int(element, "untilYear"));
    }

    private static string Observance(JsonElement element, string path, string property, string fallback, Action<string, string> fault)
    {
        var value = Text(element, property);
        if (value is null)
        {
            return fallback;
        }

        if (value is not ("none" or "following-monday" or "preceding-friday"))
        {
            fault($"{path}.{property}", $"'{value}' is not one of none, following-monday, preceding-friday");
            return fallback;
        }

        return value;
    }

    private static IEnumerable<JsonElement> Items(JsonElement root, string property) =>
        root.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray().ToList() : [];

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()) ? value.GetString() : null;

    private static int? Int(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;
}
