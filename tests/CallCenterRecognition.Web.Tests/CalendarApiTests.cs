using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenterRecognition.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenterRecognition.Web.Tests;

public sealed class CalendarApiTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task ListHolidays_2026_ElevenObservedHolidaysByDate()
    {
        var rep = await factory.ClientForAsync(Api.Rep1);

        var holidays = await Api.GetAsync(rep, "/api/calendar/holidays?year=2026");

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
            holidays.EnumerateArray().Select(h => (h.GetProperty("date").GetString(), h.GetProperty("name").GetString())));
    }

    [Fact]
    public async Task ListHolidays_2027_ObservedDayOfASundayHoliday()
    {
        var mrc = await factory.ClientForAsync(Api.Mrc);

        var holidays = await Api.GetAsync(mrc, "/api/calendar/holidays?year=2027");

        Assert.Contains(holidays.EnumerateArray(), h => h.GetProperty("date").GetString() == "2027-07-05" && h.GetProperty("name").GetString() == "Independence Day");
        Assert.DoesNotContain(holidays.EnumerateArray(), h => h.GetProperty("date").GetString() == "2027-07-04");
    }

    [Theory]
    [InlineData("1999")]
    [InlineData("2101")]
    [InlineData("abc")]
    [InlineData("-2026")]
    [InlineData("")]
    public async Task ListHolidays_YearMissingOrOutOfRange_Is400NamingYear(string year)
    {
        var ccwg = await factory.ClientForAsync(Api.Ccwg);

        var response = await ccwg.GetAsync("/api/calendar/holidays?year=" + Uri.EscapeDataString(year));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("year", out _));
    }

    [Fact]
    public async Task ListHolidays_NoYear_Is400NamingYear()
    {
        var ccwg = await factory.ClientForAsync(Api.Ccwg);

        var response = await ccwg.GetAsync("/api/calendar/holidays");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("year", out _));
    }

    [Fact]
    public async Task ListHolidays_AnonymousOrNoRole_Is401Or403()
    {
        using var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/calendar/holidays?year=2026")).StatusCode);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            if (await users.FindByEmailAsync("calendar-norole@demo.local") is null)
            {
                Assert.True((await users.CreateAsync(new AppUser { UserName = "calendar-norole@demo.local", Email = "calendar-norole@demo.local", DisplayName = "No Role" }, AppFactory.Password)).Succeeded);
            }
        }

        var noRole = await factory.ClientForAsync("calendar-norole@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await noRole.GetAsync("/api/calendar/holidays?year=2026")).StatusCode);
    }

    [Fact]
    public async Task ListHolidays_CalendarFileWithClosure_IncludesItNamedInDateOrder()
    {
        var folder = Directory.CreateTempSubdirectory("ccr-calendar-").FullName;
        try
        {
            var path = Path.Combine(folder, "california.json");
            var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "calendars", "california.json"))
                .Replace("\"closures\": []", "\"closures\": [ { \"date\": \"2026-12-24\", \"name\": \"Governor's closure\" }, { \"date\": \"2027-12-24\", \"name\": \"Another year\" } ]", StringComparison.Ordinal);
            File.WriteAllText(path, json);
            using var app = new AppFactory();
            app.Settings["Calendar:Path"] = path;
            var staff = await app.ClientForAsync(Api.Ccwg);

            var holidays = (await Api.GetAsync(staff, "/api/calendar/holidays?year=2026")).EnumerateArray()
                .Select(h => (h.GetProperty("date").GetString(), h.GetProperty("name").GetString())).ToList();

            Assert.Equal(12, holidays.Count);
            Assert.Equal([("2026-11-27", "Day after Thanksgiving"), ("2026-12-24", "Governor's closure"), ("2026-12-25", "Christmas Day")], holidays.TakeLast(3));
            Assert.DoesNotContain(holidays, h => h.Item2 == "Another year");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
