using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Data;

// A state department claims may name: the code is what claims store, the name and aliases are what people type.
public sealed class DepartmentRow
{
    public string Code { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public List<string> Aliases { get; set; } = [];

    // Inactive departments still name their old claims but are not offered or accepted at intake.
    public bool Active { get; set; } = true;
}

public static class DepartmentModel
{
    public const int MaxCode = 40;
    public const int MaxName = 200;

    public static void Configure(ModelBuilder builder) =>
        builder.Entity<DepartmentRow>(department =>
        {
            department.ToTable("Departments");
            department.HasKey(d => d.Code);
            department.Property(d => d.Code).HasMaxLength(MaxCode);
            department.Property(d => d.Name).HasMaxLength(MaxName);
        });
}
