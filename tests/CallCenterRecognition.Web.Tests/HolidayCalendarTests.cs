using CallCenterRecognition.Web.Features.Calendar;
using CallCenterRecognition.Web.Features.Reminders;
using CallCenterRecognition.Workflows;
using Microsoft.Extensions.Configuration;

namespace CallCenterRecognition.Web.Tests;

// Against CalHR's eleven state office holidays (Gov. Code 19853(a)): a Sunday holiday is observed Monday; a Saturday holiday stays on the Saturday
// (employees accrue holiday credit), except Veterans Day, observed the Friday before.
public sealed class HolidayCalendarTests
{
    private static readonly StateHolidayCalendar California = RemindersSetup.LoadCalendar(new ConfigurationBuilder().Build());

    [Fact]
    public void HolidaysIn_2026_MatchesPublishedList()
    {
        Assert.Equal(
            [
                ("2026-01-01", "New Year's Day"),
                ("2026-01-19", "Martin Luther King Jr. Day"),
                ("2026-02-16", "Presidents' Day"),
                ("2026-03-31", "Cesar Chavez Day"),
                ("2026-05-25", "Memorial Day"),
                ("2026-07-04", "Independence Day"),
                ("2026-09-07", "Labor Day"),
                ("2026-11-11", "Veterans Day"),
                ("2026-11-26", "Thanksgiving Day"),
                ("2026-11-27", "Day after Thanksgiving"),
                ("2026-12-25", "Christmas Day"),
            ],
            California.HolidaysIn(2026).Select(h => (h.Date.ToString("yyyy-MM-dd"), h.Name)));
    }

    [Fact]
    public void HolidaysIn_2027_MatchesPublishedListWithObservedDays()
    {
        Assert.Equal(
            [
                ("2027-01-01", "New Year's Day"),
                ("2027-01-18", "Martin Luther King Jr. Day"),
                ("2027-02-15", "Presidents' Day"),
                ("2027-03-31", "Cesar Chavez Day"),
                ("2027-05-31", "Memorial Day"),
                ("2027-07-05", "Independence Day"),
                ("2027-09-06", "Labor Day"),
                ("2027-11-11", "Veterans Day"),
                ("2027-11-25", "Thanksgiving Day"),
                ("2027-11-26", "Day after Thanksgiving"),
                ("2027-12-25", "Christmas Day"),
            ],
            California.HolidaysIn(2027).Select(h => (h.Date.ToString("yyyy-MM-dd"), h.Name)));
        var independence = California.HolidaysIn(2027).Single(h => h.Name == "Independence Day");
        Assert.True(independence.Moved);
        Assert.Equal(new DateOnly(2027, 7, 4), independence.ActualDate);
    }

    [Fact]
    public void HolidaysIn_2025To2035_MatchGovCode19853Rules()
    {
        for (var year = 2025; year <= 2035; year++)
        {
            Assert.Equal(Statute(year), California.HolidaysIn(year).Select(h => (h.Date, h.Name)));
        }
    }

    [Fact]
    public void Statute_KnownMovedDays_AreWhatTheTestTableComputes()
    {
        Assert.Contains((new DateOnly(2028, 11, 10), "Veterans Day"), Statute(2028)); // Saturday, observed Friday
        Assert.Contains((new DateOnly(2033, 12, 26), "Christmas Day"), Statute(2033)); // Sunday, observed Monday
        Assert.Contains((new DateOnly(2034, 1, 2), "New Year's Day"), Statute(2034));
        Assert.Contains((new DateOnly(2026, 7, 4), "Independence Day"), Statute(2026)); // Saturday, not moved
        Assert.Contains((new DateOnly(2032, 7, 5), "Independence Day"), Statute(2032));
        Assert.Contains((new DateOnly(2030, 5, 27), "Memorial Day"), Statute(2030));
        Assert.Contains((new DateOnly(2035, 11, 23), "Day after Thanksgiving"), Statute(2035));
    }

    [Fact]
    public void AddDuration_OneBusinessDayFromTheOpenDayBeforeEachHoliday2025To2035_SkipsIt()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
        for (var year = 2025; year <= 2035; year++)
        {
            var closed = Statute(year - 1).Concat(Statute(year)).Concat(Statute(year + 1)).Select(h => h.Date).ToHashSet();
            bool Open(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !closed.Contains(day);
            foreach (var (date, name) in Statute(year).Where(h => h.Date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)))
            {
                var before = date.AddDays(-1);
                while (!Open(before))
                {
                    before = before.AddDays(-1);
                }

                var after = date.AddDays(1);
                while (!Open(after))
                {
                    after = after.AddDays(1);
                }

                var morning = before.ToDateTime(new TimeOnly(10, 0));
                var due = California.AddDuration(new DateTimeOffset(morning, zone.GetUtcOffset(morning)), new WorkflowDuration(1, DayKind.Business));

                Assert.False(California.IsBusinessDay(date), $"{name} {date}");
                Assert.Equal((name, after), (name, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(due, zone).DateTime)));
            }

            var nativeAmericanDay = NthWeekday(year, 9, DayOfWeek.Friday, 4);
            Assert.True(California.IsBusinessDay(nativeAmericanDay), $"Native American Day {nativeAmericanDay} is a holiday credit, not a closure");
        }
    }

    // The statute's rules, computed here without the production calendar: Sunday → Monday; Saturday stays, except Veterans Day → Friday.
    private static List<(DateOnly Date, string Name)> Statute(int year)
    {
        var thanksgiving = NthWeekday(year, 11, DayOfWeek.Thursday, 4);
        var lastMondayOfMay = new DateOnly(year, 5, 31);
        lastMondayOfMay = lastMondayOfMay.AddDays(-(((int)lastMondayOfMay.DayOfWeek - (int)DayOfWeek.Monday + 7) % 7));
        (DateOnly, string)[] actual =
        [
            (new DateOnly(year, 1, 1), "New Year's Day"),
            (NthWeekday(year, 1, DayOfWeek.Monday, 3), "Martin Luther King Jr. Day"),
            (NthWeekday(year, 2, DayOfWeek.Monday, 3), "Presidents' Day"),
            (new DateOnly(year, 3, 31), "Cesar Chavez Day"),
            (lastMondayOfMay, "Memorial Day"),
            (new DateOnly(year, 7, 4), "Independence Day"),
            (NthWeekday(year, 9, DayOfWeek.Monday, 1), "Labor Day"),
            (new DateOnly(year, 11, 11), "Veterans Day"),
            (thanksgiving, "Thanksgiving Day"),
            (thanksgiving.AddDays(1), "Day after Thanksgiving"),
            (new DateOnly(year, 12, 25), "Christmas Day"),
        ];
        return [.. actual
            .Select(h => (Date: h.Item1.DayOfWeek switch
            {
                DayOfWeek.Sunday => h.Item1.AddDays(1),
                DayOfWeek.Saturday when h.Item2 == "Veterans Day" => h.Item1.AddDays(-1),
                _ => h.Item1,
            }, Name: h.Item2))
            .OrderBy(h => h.Date)];
    }

    private static DateOnly NthWeekday(int year, int month, DayOfWeek weekday, int nth)
    {
        var first = new DateOnly(year, month, 1);
        return first.AddDays((((int)weekday - (int)first.DayOfWeek + 7) % 7) + (7 * (nth - 1)));
    }

    [Theory]
    [InlineData("2027-07-05", false)] // Independence Day on Sunday, observed Monday
    [InlineData("2026-07-03", true)] // Independence Day on Saturday: no Friday off, holiday credit instead
    [InlineData("2027-12-24", true)] // Christmas on Saturday: likewise
    [InlineData("2023-11-10", false)] // Veterans Day on Saturday: observed the Friday before
    [InlineData("2028-01-01", false)] // New Year's Day 2028 is a Saturday
    [InlineData("2026-03-31", false)]
    [InlineData("2026-11-27", false)]
    [InlineData("2026-02-12", true)] // Lincoln's Birthday is no longer a state holiday
    [InlineData("2026-10-12", true)] // nor Columbus Day
    [InlineData("2026-06-19", true)] // Juneteenth is not a paid state holiday
    [InlineData("2026-03-30", true)]
    public void IsBusinessDay_PublishedRules_Hold(string date, bool open)
    {
        Assert.Equal(open, California.IsBusinessDay(DateOnly.Parse(date)));
    }

    [Fact]
    public void AddDuration_BusinessDaysOverThanksgiving_RollsOverBothDaysAndWeekend()
    {
        var wednesday = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.FromHours(-8));

        var due = California.AddDuration(wednesday, new WorkflowDuration(2, DayKind.Business));

        Assert.Equal(new DateTimeOffset(2026, 12, 1, 23, 59, 59, TimeSpan.FromHours(-8)), due);
        Assert.Equal(TimeSpan.Zero, due.Offset);
    }

    [Fact]
    public void AddDuration_BusinessDaysOverCesarChavezDay_SkipsIt()
    {
        var thursday = new DateTimeOffset(2026, 3, 26, 10, 0, 0, TimeSpan.FromHours(-7));

        var due = California.AddDuration(thursday, new WorkflowDuration(5, DayKind.Business));

        Assert.Equal(new DateTimeOffset(2026, 4, 3, 23, 59, 59, TimeSpan.FromHours(-7)), due);
    }

    [Fact]
    public void AddDuration_CalendarDaysEndingOnChristmas_RollsToNextBusinessDay()
    {
        var start = new DateTimeOffset(2026, 12, 15, 9, 0, 0, TimeSpan.FromHours(-8));

        var due = California.AddDuration(start, new WorkflowDuration(10, DayKind.Calendar));

        Assert.Equal(new DateTimeOffset(2026, 12, 28, 23, 59, 59, TimeSpan.FromHours(-8)), due);
    }

    [Fact]
    public void AddDuration_EveningInCalifornia_CountsFromTheLocalDate()
    {
        // 2026-01-09 05:00 UTC is still Thursday evening in California.
        var due = California.AddDuration(new DateTimeOffset(2026, 1, 9, 5, 0, 0, TimeSpan.Zero), new WorkflowDuration(1, DayKind.Business));

        Assert.Equal(new DateTimeOffset(2026, 1, 9, 23, 59, 59, TimeSpan.FromHours(-8)), due);
    }

    [Fact]
    public void DeadlineOn_Holiday_EndOfNextBusinessDayInCalifornia()
    {
        Assert.Equal(new DateTimeOffset(2026, 9, 8, 23, 59, 59, TimeSpan.FromHours(-7)), ((IWorkCalendar)California).DeadlineOn(new DateOnly(2026, 9, 7)));
    }

    [Fact]
    public void Parse_ExtraClosure_ClosesThatDayOnly()
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "calendars", "california.json"))
            .Replace("\"closures\": []", "\"closures\": [ { \"date\": \"2026-12-24\", \"name\": \"Governor's closure\" } ]", StringComparison.Ordinal);

        var calendar = StateHolidayCalendar.Parse(json, "california.json");

        Assert.False(calendar.IsBusinessDay(new DateOnly(2026, 12, 24)));
        Assert.Equal("Governor's closure", calendar.ClosedFor(new DateOnly(2026, 12, 24)));
        Assert.True(calendar.IsBusinessDay(new DateOnly(2027, 12, 24)));
        Assert.True(California.IsBusinessDay(new DateOnly(2026, 12, 24)));
    }

    [Theory]
    [InlineData("\"month\": 1, \"day\": 1", "\"month\": 13, \"day\": 1", "$.holidays[0].month")]
    [InlineData("\"month\": 1, \"day\": 1", "\"month\": 2, \"day\": 30", "$.holidays[0].day")]
    [InlineData("\"month\": 1, \"weekday\": \"monday\"", "\"month\": 1, \"weekday\": \"moonday\"", "$.holidays[1].weekday")]
    [InlineData("\"closures\": []", "\"closures\": [ { \"date\": \"24/12/2026\" } ]", "$.closures[0].date")]
    [InlineData("\"America/Los_Angeles\"", "\"Mars/Olympus\"", "$.timeZone")]
    [InlineData("\"saturdayObserved\": \"preceding-friday\"", "\"saturdayObserved\": \"sometimes\"", "$.holidays[7].saturdayObserved")]
    public void Parse_BadRule_NamesFileAndPath(string find, string replace, string path)
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "calendars", "california.json"));
        Assert.Contains(find, json, StringComparison.Ordinal);

        var ex = Assert.Throws<WorkflowDefinitionException>(() => StateHolidayCalendar.Parse(json.Replace(find, replace, StringComparison.Ordinal), "california.json"));

        var fault = Assert.Single(ex.Faults);
        Assert.Equal("california.json", fault.File);
        Assert.Equal(path, fault.Path);
    }
}
