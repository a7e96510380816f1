using System.Text.Json;
using CallCenterRecognition.Web.Data;

namespace CallCenterRecognition.Web.Features.Departments;

// The shipped list (departments/california.json beside the binaries, or Departments:Path), read at start-up to seed the table.
public sealed class DepartmentFile(IReadOnlyList<DepartmentRow> departments)
{
    public IReadOnlyList<DepartmentRow> Departments { get; } = departments;

    private sealed record Entry(string? Code, string? Name, string[]? Aliases);

    private sealed record Document(Entry[]? Departments);

    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip };

    public static string PathFrom(IConfiguration configuration) =>
        configuration["Departments:Path"] is { Length: > 0 } configured
            ? System.IO.Path.GetFullPath(configured)
            : System.IO.Path.Combine(AppContext.BaseDirectory, "departments", "california.json");

    // A bad file stops start-up with the file and the entry at fault, as a bad workflow definition does.
    public static DepartmentFile Load(string path)
    {
        Document? document;
        try
        {
            document = JsonSerializer.Deserialize<Document>(File.ReadAllText(path), Options);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"The department list {path} could not be read: {ex.Message}", ex);
        }

        var rows = new List<DepartmentRow>();
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = document?.Departments ?? throw new InvalidOperationException($"The department list {path} has no 'departments' array.");
        for (var i = 0; i < entries.Length; i++)
        {
            var e = entries[i];
            var where = $"{path}: departments[{i}]";
            if (string.IsNullOrWhiteSpace(e.Code) || e.Code.Trim().Length > DepartmentModel.MaxCode || string.IsNullOrWhiteSpace(e.Name) || e.Name.Trim().Length > DepartmentModel.MaxName)
            {
                throw new InvalidOperationException($"{where} needs a code (at most {DepartmentModel.MaxCode} characters) and a name (at most {DepartmentModel.MaxName}).");
            }

            var row = new DepartmentRow { Code = e.Code.Trim(), Name = e.Name.Trim(), Aliases = [.. (e.Aliases ?? []).Select(a => a.Trim()).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal)] };
            foreach (var spelling in new[] { row.Code, row.Name }.Concat(row.Aliases).DistinctBy(DepartmentList.Key))
            {
                if (!keys.TryAdd(DepartmentList.Key(spelling), row.Code))
                {
                    throw new InvalidOperationException($"{where}: '{spelling}' already names {keys[DepartmentList.Key(spelling)]}.");
                }
            }

            rows.Add(row);
        }

        return new DepartmentFile(rows);
    }
}
