using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.AccessLog;

// Who looked at a claim, newest first; for administrators only.
public static class ListAccessLog
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public sealed record Query(Guid ClaimId, int? Page, int? PageSize);

    public sealed record Item(DateTimeOffset At, string UserId, string UserName, string Action, string ActionName, Guid? DocumentId, Guid? PacketBuildId, string? FileName);

    public sealed record Result(bool ClaimFound, IReadOnlyList<Item> Items, int Total, int Page, int PageSize);

    public static FieldErrors Validate(Query query)
    {
        var errors = new FieldErrors();
        if (query.Page is < 1)
        {
            errors.Add("page", "must be 1 or more");
        }

        if (query.PageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"must be between 1 and {MaxPageSize}");
        }

        return errors;
    }

    public sealed class Handler(AppDbContext db)
    {
        public async Task<Result> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            var page = query.Page ?? 1;
            var pageSize = query.PageSize ?? DefaultPageSize;
            if (!await db.Claims.AnyAsync(c => c.Id == query.ClaimId, cancellationToken))
            {
                return new Result(false, [], 0, page, pageSize);
            }

            var rows = db.Set<AccessLogRow>().AsNoTracking().Where(r => r.ClaimId == query.ClaimId);
            var total = await rows.CountAsync(cancellationToken);
            var skip = (long)(page - 1) * pageSize;
            if (skip >= total)
            {
                return new Result(true, [], total, page, pageSize);
            }

            // Id, not At: rows go in in the order they are read, and two reads in one clock tick keep their order.
            var items = await rows.OrderByDescending(r => r.Id).Skip((int)skip).Take(pageSize).ToListAsync(cancellationToken);
            return new Result(true, [.. items.Select(r => new Item(r.At, r.UserId, r.UserName, r.Action, RecordAccess.Actions.Names.GetValueOrDefault(r.Action, r.Action), r.DocumentId, r.PacketBuildId, r.FileName))], total, page, pageSize);
        }
    }
}
