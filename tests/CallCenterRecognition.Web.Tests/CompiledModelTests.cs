using System.Text;
using CallCenterRecognition.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CallCenterRecognition.Web.Tests;

// The app runs on the compiled models in Data/CompiledModels (found through their assembly attributes), not on a model
// built from OnModelCreating at start. These fail when the code's model moved on and the compiled one was not regenerated.
public sealed class CompiledModelTests
{
    private const string Regenerate = "The compiled model is stale: run dotnet ef dbcontext optimize --project src/CallCenterRecognition.Web --context {0} --output-dir Data/CompiledModels/{1} --namespace CallCenterRecognition.Web.Data.CompiledModels.{1}";

    [Fact]
    public void SqliteContext_ComparedWithTheModelBuiltFromCode_UsesAnUpToDateCompiledModel()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        AssertCompiledAndCurrent(db, typeof(Data.CompiledModels.Sqlite.SqliteAppDbContextModel), string.Format(System.Globalization.CultureInfo.InvariantCulture, Regenerate, nameof(SqliteAppDbContext), "Sqlite"));
    }

    [Fact]
    public void PostgresContext_ComparedWithTheModelBuiltFromCode_UsesAnUpToDateCompiledModel()
    {
        using var db = new PostgresDesignTimeFactory().CreateDbContext([]);
        AssertCompiledAndCurrent(db, typeof(Data.CompiledModels.Postgres.PostgresAppDbContextModel), string.Format(System.Globalization.CultureInfo.InvariantCulture, Regenerate, nameof(PostgresAppDbContext), "Postgres"));
    }

    [Fact]
    public void CompiledModel_ComparedWithAModelWhoseColumnChanged_IsReportedStale()
    {
        // What a model change without regenerating looks like: the comparison must name the column that moved.
        using var compiledDb = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var changedDb = new ChangedContext(new DbContextOptionsBuilder<ChangedContext>().UseSqlite("Data Source=design-time.db").Options);

        var compiled = Describe(compiledDb.Model).Split('\n');
        var changed = Describe(changedDb.Model).Split('\n');

        var differing = changed.Except(compiled, StringComparer.Ordinal).ToList();
        Assert.Contains(differing, line => line.Contains("property DisplayName", StringComparison.Ordinal) && line.Contains("MaxLength=300", StringComparison.Ordinal));
    }

    private static void AssertCompiledAndCurrent(DbContext db, Type compiledType, string message)
    {
        var compiled = db.Model;
        Assert.IsType(compiledType, compiled);
        var built = db.GetService<IDesignTimeModel>().Model;
        Assert.IsNotType(compiledType, built);
        var expected = Describe(built).Split('\n');
        var actual = Describe(compiled).Split('\n');
        var first = Enumerable.Range(0, Math.Max(expected.Length, actual.Length))
            .FirstOrDefault(i => i >= expected.Length || i >= actual.Length || expected[i] != actual[i], -1);
        Assert.True(first < 0, $"{message}\nfirst difference, from code: {expected.ElementAtOrDefault(first)}\ncompiled: {actual.ElementAtOrDefault(first)}");
    }

    // What queries and saves depend on: tables and columns, their types and converters, keys, relationships and indexes.
    internal static string Describe(IModel model)
    {
        var text = new StringBuilder();
        foreach (var entity in model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            text.Append($"entity {entity.Name} clr={entity.ClrType.FullName} base={entity.BaseType?.Name} table={entity.GetSchema()}.{entity.GetTableName()} owned={entity.IsOwned()}\n");
            foreach (var property in entity.GetProperties().OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                text.Append($"  property {property.Name} clr={property.ClrType.Name} nullable={property.IsNullable} column={property.GetColumnName()} type={property.GetColumnType()} MaxLength={property.GetMaxLength()} precision={property.GetPrecision()},{property.GetScale()} unicode={property.IsUnicode()} generated={property.ValueGenerated} concurrency={property.IsConcurrencyToken} converter={property.GetValueConverter()?.GetType().Name} provider={property.GetProviderClrType()?.Name} default={property.GetDefaultValueSql()}|{property.GetDefaultValue()} computed={property.GetComputedColumnSql()} shadow={property.IsShadowProperty()}\n");
            }

            foreach (var key in entity.GetKeys().OrderBy(k => k.ToString(), StringComparer.Ordinal))
            {
                text.Append($"  key {string.Join(',', key.Properties.Select(p => p.Name))} primary={key.IsPrimaryKey()} name={key.GetName()}\n");
            }

            foreach (var foreignKey in entity.GetForeignKeys().OrderBy(k => k.PrincipalEntityType.Name + string.Join(',', k.Properties.Select(p => p.Name)), StringComparer.Ordinal))
            {
                text.Append($"  foreign key {string.Join(',', foreignKey.Properties.Select(p => p.Name))} -> {foreignKey.PrincipalEntityType.Name} required={foreignKey.IsRequired} unique={foreignKey.IsUnique} delete={foreignKey.DeleteBehavior} ownership={foreignKey.IsOwnership} name={foreignKey.GetConstraintName()}\n");
            }

            foreach (var navigation in entity.GetNavigations().OrderBy(n => n.Name, StringComparer.Ordinal))
            {
                text.Append($"  navigation {navigation.Name} -> {navigation.TargetEntityType.Name} collection={navigation.IsCollection}\n");
            }

            foreach (var index in entity.GetIndexes().OrderBy(i => i.GetDatabaseName(), StringComparer.Ordinal))
            {
                text.Append($"  index {index.GetDatabaseName()} on {string.Join(',', index.Properties.Select(p => p.Name))} unique={index.IsUnique} filter={index.GetFilter()}\n");
            }
        }

        return text.ToString();
    }

    private sealed class ChangedContext(DbContextOptions<ChangedContext> options) : AppDbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder builder)
        {
            base.OnModelCreating(builder);
            builder.Entity<AppUser>().Property(u => u.DisplayName).HasMaxLength(300);
        }
    }
}
