using System.Text.RegularExpressions;
using static CallCenterRecognition.Workflows.Tests.TestSupport;

namespace CallCenterRecognition.Workflows.Tests;

// Behaviour belongs in the definition: C# may pass a definition's ids along (demo scripts fire actions by id), never branch on them.
public sealed partial class DefinitionIdsInCodeTests
{
    [GeneratedRegex("""(==|!=)\s*"(?<id>[a-z][a-z0-9-]*)"|"(?<id>[a-z][a-z0-9-]*)"\s*(==|!=|=>)|\bcase\s+"(?<id>[a-z][a-z0-9-]*)"|\bis\s+(not\s+)?"(?<id>[a-z][a-z0-9-]*)"|Equals\(\s*"(?<id>[a-z][a-z0-9-]*)"|\.(Contains|StartsWith)\(\s*"(?<id>[a-z][a-z0-9-]*)"\s*\)""")]
    private static partial Regex Branch();

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CallCenterRecognition.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (CallCenterRecognition.sln) was not found above the test binaries.");
    }

    internal static IReadOnlyList<string> BranchesOn(IReadOnlySet<string> ids, IEnumerable<(string File, string Text)> sources)
    {
        var found = new List<string>();
        foreach (var (file, text) in sources)
        {
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match match in Branch().Matches(lines[i]))
                {
                    if (ids.Contains(match.Groups["id"].Value))
                    {
                        found.Add($"{file}:{i + 1}: {lines[i].Trim()}");
                    }
                }
            }
        }

        return found;
    }

    private static IReadOnlySet<string> DefinitionIds()
    {
        var definitions = WorkflowDefinitionLoader.LoadDirectory(WorkflowsDirectory, Vocabulary);
        return definitions.SelectMany(d => d.Stages.Select(s => s.Id).Concat(d.Actions.Select(a => a.Id))).ToHashSet(StringComparer.Ordinal);
    }

    [Fact]
    public void Source_UnderSrc_BranchesOnNoActionOrStageIdOfADefinition()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var sources = Directory.EnumerateFiles(src, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path.GetRelativePath(src, f), File.ReadAllText(f)))
            .ToList();
        Assert.True(sources.Count > 50, $"only {sources.Count} source files found under {src}");

        var found = BranchesOn(DefinitionIds(), sources);
        Assert.True(found.Count == 0, "branches on a definition's ids:\n" + string.Join("\n", found));
    }

    [Theory]
    [InlineData("if (command.ActionId == \"file-grievance\")")]
    [InlineData("case \"record-decision\":")]
    [InlineData("var locked = stage is \"calhr-review\";")]
    [InlineData("Claim.PermittedActions.Any(a => a.Id.Equals(\"refer\"))")]
    [InlineData("\"recognized\" => 1,")]
    public void BranchesOn_ComparisonWithAnId_IsFound(string line)
    {
        Assert.Single(BranchesOn(DefinitionIds(), [("Sample.cs", line)]));
    }

    [Fact]
    public void BranchesOn_IdPassedAsAnArgument_IsNotABranch()
    {
        Assert.Empty(BranchesOn(DefinitionIds(), [("Seeding.cs", "await FireAsync(referred, \"refer\", mrc, new { representativeId });")]));
    }
}
