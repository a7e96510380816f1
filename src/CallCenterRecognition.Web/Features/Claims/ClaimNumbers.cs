using CallCenterRecognition.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Claims;

public static class ClaimNumbers
{
    // Runs inside the caller's transaction: the counter row is the sequence, shared by every app instance.
    public static async Task<string> NextAsync(AppDbContext db, int year, CancellationToken cancellationToken)
    {
        var next = await db.Database
            .SqlQuery<int>($"""INSERT INTO "ClaimNumberCounters" ("Year", "Last") VALUES ({year}, 1) ON CONFLICT ("Year") DO UPDATE SET "Last" = "ClaimNumberCounters"."Last" + 1 RETURNING "Last" AS "Value" """)
            .ToListAsync(cancellationToken);
        return Format(year, next.Single());
    }

    public static string Format(int year, int sequence) => $"CC-{year}-{sequence:D5}";
}
