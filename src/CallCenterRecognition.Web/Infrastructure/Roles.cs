namespace CallCenterRecognition.Web.Infrastructure;

public static class Roles
{
    public const string Mrc = "Mrc";
    public const string Representative = "Representative";
    public const string Ccwg = "Ccwg";
    public const string Admin = "Admin";

    public static readonly string[] All = [Mrc, Representative, Ccwg, Admin];

    // Roles that see every claim; representatives see only the claims assigned to them.
    public static readonly string[] SeeAllClaims = [Mrc, Ccwg, Admin];
}

public static class Policies
{
    public const string Staff = "Staff";
    public const string OpenClaims = "OpenClaims";
    public const string Admin = "Admin";
}
