using CallCenterRecognition.Web.Features.Departments;
using CallCenterRecognition.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallCenterRecognition.Web.Pages.Admin;

[Authorize(Policy = PagePolicies.Admin)]
public sealed class DepartmentsModel(ListDepartments.Handler list, AddDepartment.Handler add, AddDepartmentAlias.Handler addAlias, MapDepartmentValue.Handler map) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Aliases { get; set; }

    [BindProperty]
    public string? AliasCode { get; set; }

    [BindProperty]
    public string? Alias { get; set; }

    [BindProperty]
    public string? Value { get; set; }

    [BindProperty]
    public string? MapTo { get; set; }

    [FromQuery(Name = "done")]
    public string? Done { get; set; }

    public ListDepartments.AdminView View { get; private set; } = new([], []);

    // Per form, so each message lands beside its own field: "add.code", "alias.alias", "map.code".
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string? Message => Done switch
    {
        "added" => "Department added.",
        "alias" => "Alias added.",
        "mapped" => "Claims mapped to the chosen department.",
        _ => null,
    };

    public async Task OnGetAsync(CancellationToken cancellationToken) => View = await list.AdminAsync(cancellationToken);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        var result = await add.HandleAsync(new AddDepartment.Command(Code, Name, Aliases), User.Id(), cancellationToken);
        return result.Errors.Any ? await RefusedAsync("add", result.Errors, cancellationToken) : Redirect("/admin/departments?done=added");
    }

    public async Task<IActionResult> OnPostAliasAsync(CancellationToken cancellationToken)
    {
        var errors = await addAlias.HandleAsync(new AddDepartmentAlias.Command(AliasCode, Alias), User.Id(), cancellationToken);
        return errors.Any ? await RefusedAsync("alias", errors, cancellationToken) : Redirect("/admin/departments?done=alias");
    }

    public async Task<IActionResult> OnPostMapAsync(CancellationToken cancellationToken)
    {
        var result = await map.HandleAsync(new MapDepartmentValue.Command(Value, MapTo), User, cancellationToken);
        return result.Errors.Any ? await RefusedAsync("map", result.Errors, cancellationToken) : Redirect("/admin/departments?done=mapped");
    }

    private async Task<IActionResult> RefusedAsync(string form, FieldErrors errors, CancellationToken cancellationToken)
    {
        foreach (var (field, messages) in errors.ToDictionary())
        {
            Errors[$"{form}.{field}"] = string.Join(" ", messages);
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        View = await list.AdminAsync(cancellationToken);
        return Page();
    }
}
