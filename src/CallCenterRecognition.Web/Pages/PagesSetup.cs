using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Dashboard;
using CallCenterRecognition.Web.Features.Intake;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallCenterRecognition.Web.Pages;

// Page policies name the cookie scheme: the default scheme is Identity's bearer-or-cookie composite, which pages must not rely on.
public static class PagePolicies
{
    public const string SignedIn = "Pages.SignedIn";
    public const string Staff = "Pages.Staff";
    public const string OpenClaims = "Pages.OpenClaims";
    public const string Dashboard = "Pages.Dashboard";
    public const string Admin = "Pages.Admin";
}

public static class PagesSetup
{
    public static void AddPages(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAuthorizationBuilder()
            .AddPolicy(PagePolicies.SignedIn, policy => policy.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireAuthenticatedUser())
            .AddPolicy(PagePolicies.Staff, policy => policy.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.All))
            .AddPolicy(PagePolicies.OpenClaims, policy => policy.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.Mrc, Roles.Ccwg, Roles.Admin))
            .AddPolicy(PagePolicies.Dashboard, policy => policy.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.Ccwg, Roles.Admin))
            .AddPolicy(PagePolicies.Admin, policy => policy.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.Admin));
        services.AddRazorPages(options =>
            {
                options.Conventions.AuthorizeFolder("/", PagePolicies.SignedIn);
                options.Conventions.AllowAnonymousToPage("/Account/Login");
                options.Conventions.AllowAnonymousToPage("/Account/AccessDenied");
                options.Conventions.AllowAnonymousToPage("/Account/SetPassword");
                options.Conventions.AllowAnonymousToPage("/Member/Upload");
            })
            .AddMvcOptions(options => options.Filters.Add<AccountStateFilter>())
            // The app has pages and minimal APIs, no controllers: looking for them walked every type of the assembly at start.
            .ConfigureApplicationPartManager(parts =>
            {
                foreach (var controllers in parts.FeatureProviders.OfType<Microsoft.AspNetCore.Mvc.Controllers.ControllerFeatureProvider>().ToList())
                {
                    parts.FeatureProviders.Remove(controllers);
                }
            });
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.LogoutPath = "/Account/Logout";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
        });
        services.AddScoped<FindDuplicates.Handler>();
        services.AddScoped<CheckUnit.Handler>();
        services.AddScoped<DashboardQuery.Handler>();
    }

    public static void UsePages(this WebApplication app)
    {
        app.UseStaticFiles();
        app.MapRazorPages();
        app.MapFindDuplicatesApi();
        app.MapCheckUnitApi();
        app.MapDashboardApi();
    }
}

// Before any page: a user who must change the password goes to that page; a user with no role sees only a polite message.
public sealed class AccountStateFilter(UserManager<AppUser> users) : IAsyncPageFilter
{
    private static readonly string[] AlwaysAllowed = ["/Account/Login", "/Account/Logout", "/Account/AccessDenied", "/Account/SetPassword"];

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var page = context.ActionDescriptor.ViewEnginePath;
        var user = context.HttpContext.User;
        if (user.Identity?.IsAuthenticated != true || AlwaysAllowed.Contains(page, StringComparer.OrdinalIgnoreCase))
        {
            await next();
            return;
        }

        if (page != "/Account/ChangePassword" && await users.GetUserAsync(user) is { MustChangePassword: true })
        {
            context.Result = new Microsoft.AspNetCore.Mvc.RedirectToPageResult("/Account/ChangePassword");
            return;
        }

        if (page != "/Account/NoRole" && page != "/Account/ChangePassword" && !Roles.All.Any(user.IsInRole))
        {
            context.Result = new Microsoft.AspNetCore.Mvc.RedirectToPageResult("/Account/NoRole");
            return;
        }

        await next();
    }
}
