using CallCenterRecognition.Web.Data;

namespace CallCenterRecognition.Web.Features.Grievants;

public sealed record GrievantView(long Id, int Position, string Name, string Email, string? Phone, string Classification, DateOnly? ConsentOn, DateTimeOffset AddedAt, string Language)
{
    public static GrievantView Of(ClaimGrievantRow row) => new(row.Id, row.Position, row.Name, row.Email, row.Phone, row.Classification, row.ConsentOn, row.AddedAt, row.Language);
}
