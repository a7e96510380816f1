namespace CallCenterRecognition.Web.Features.Users;

public sealed record UserView(string Id, string? Email, string DisplayName, IReadOnlyList<string> Roles, bool Active, DateTimeOffset? LastSignInAt, int OpenClaims,
    string? Phone, IReadOnlyList<string> Departments);
