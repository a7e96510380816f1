using CallCenterRecognition.Web.Infrastructure;

namespace CallCenterRecognition.Web.Features.Calendar;

public static class CalendarApi
{
    public static void MapCalendarApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/calendar/holidays", (string? year, ListHolidays.Handler handler) =>
        {
            var errors = ListHolidays.Validate(year, out var parsed);
            return errors.Any ? (IResult)errors.ToProblem() : TypedResults.Ok(handler.Handle(parsed));
        }).RequireAuthorization(Policies.Staff).WithName("ListHolidays");
    }
}
