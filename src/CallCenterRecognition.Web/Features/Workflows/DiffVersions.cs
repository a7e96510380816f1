using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;

namespace CallCenterRecognition.Web.Features.Workflows;

// GET /api/workflows/{id}/versions/{v}/diff?from=: what changes for claims moved from one version to another (default: the one before).
public static class DiffVersions
{
    public sealed record DiffView(string DefinitionId, int From, int To, bool Same, DefinitionDiff Changes);

    public static IResult Handle(string definitionId, int version, int? from, WorkflowRegistry registry)
    {
        if (registry.Find(definitionId, version) is not { } target)
        {
            return Problems.NotFound($"Version {version} of workflow '{definitionId}'");
        }

        var baseline = from is { } f
            ? registry.Find(definitionId, f)
            : registry.All.Where(d => d.DefinitionId == definitionId && d.Version < version).MaxBy(d => d.Version);
        if (baseline is null)
        {
            return from is null
                ? Problems.Invalid("from", $"version {version} is the first; name a version to compare with")
                : Problems.NotFound($"Version {from} of workflow '{definitionId}'");
        }

        var diff = DefinitionDiff.Compare(baseline, target);
        return TypedResults.Ok(new DiffView(definitionId, baseline.Version, target.Version, diff.IsEmpty, diff));
    }
}
