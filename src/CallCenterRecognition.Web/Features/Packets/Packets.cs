using System.Text.Json;
using CallCenterRecognition.Packets;
using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Documents;
using CallCenterRecognition.Web.Features.Telemetry;
using CallCenterRecognition.Web.Infrastructure;
using CallCenterRecognition.Workflows;
using Claim = CallCenterRecognition.Web.Data.Claim;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Packets;

/// <param name="Fingerprint">What the packet says (see <see cref="PacketService.Fingerprint"/>): equal fingerprints, equal pages.</param>
public sealed record BuiltPacket(string Sha256, long Size, int PageCount, string Fingerprint, IReadOnlyList<ExhibitOutcome> Exhibits);

/// <summary>The filing a frozen packet records: the date the representative gave, the stage it entered, and when it was fired.</summary>
public sealed record PacketFiling(DateOnly? FiledOn, string Stage, DateTimeOffset At);

// Turns a claim and its live documents into the builder's request, and builds packets into the document store.
public sealed class PacketService(AppDbContext db, DocumentStore store, LocalClock clock, IConfiguration configuration, WorkflowRegistry registry, Language.DocumentCategoryText categories)
{
    public const string Union = "SEIU Local 1000";

    private PacketBuilder Builder()
    {
        var megapixels = configuration.GetValue("Packets:MaxImageMegapixels", PacketOptions.DefaultMaxImagePixels / 1_000_000.0);
        if (megapixels is <= 0 or > 1_000)
        {
            throw new InvalidOperationException("Packets:MaxImageMegapixels must be a number of megapixels above 0 and at most 1000.");
        }
        return new PacketBuilder(options: new PacketOptions((long)(megapixels * 1_000_000)));
    }

    public static IReadOnlyList<DocumentRow> InExhibitOrder(IEnumerable<DocumentRow> documents)
    {
        var order = DocumentCategories.All.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        return [.. documents.OrderBy(d => order.GetValueOrDefault(d.Category, int.MaxValue)).ThenBy(d => d.UploadedAt).ThenBy(d => d.Id)];
    }

    public async Task<PacketRequest> RequestAsync(Claim claim, CancellationToken cancellationToken, PacketFiling? filing = null)
    {
        var representative = claim.AssignedRepresentativeId is null
            ? null
            : await db.Users.AsNoTracking().Where(u => u.Id == claim.AssignedRepresentativeId).Select(u => new { u.DisplayName, u.PhoneNumber, u.Email }).FirstOrDefaultAsync(cancellationToken);
        var documents = await db.Documents.AsNoTracking().Where(d => d.ClaimId == claim.Id && d.DeletedAt == null).ToListAsync(cancellationToken);

        // Exhibits in checklist order, then as received, so the index reads like the CCWG's list.
        var ordered = InExhibitOrder(documents);
        var exhibits = ordered
            .Select(d => new PacketExhibit(d.FileName, categories.Title(d.Category, System.Globalization.CultureInfo.InvariantCulture), d.ContentType, d.UploadedAt, d.Sha256, () => store.Open(d.Sha256)) { Description = d.Description })
            .ToList();

        var definition = registry.Find(claim.DefinitionId, claim.DefinitionVersion);
        filing ??= definition is null ? null : await FiledAsync(claim, definition, cancellationToken);
        var step = definition is null ? null : Step(definition, filing);

        // The grievants as they stood when it was filed, so a filed packet built again is the same file.
        var asOf = filing?.At;
        var grievants = (await db.Grievants.AsNoTracking().Where(g => g.ClaimId == claim.Id).OrderBy(g => g.Position).ToListAsync(cancellationToken))
            .Where(g => asOf is { } at ? g.AddedAt <= at && (g.RemovedAt is null || g.RemovedAt > at) : g.RemovedAt is null)
            .Select(g => new PacketGrievant(g.Name, g.Classification, claim.Department, claim.WorkUnit, claim.BargainingUnit))
            .ToList();
        return new PacketRequest(
            new PacketClaim(
                Union,
                claim.Number,
                claim.Member.Name,
                claim.Member.Email,
                claim.Department,
                claim.WorkUnit,
                claim.BargainingUnit,
                claim.Classification,
                representative?.DisplayName,
                DocumentText.StatementCitations.Resolve(claim.StatementFacts ?? claim.Description, ordered, claim.Number, forPacket: true),
                filing is null ? clock.Today() : DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(filing.At, clock.Zone).DateTime))
            {
                Grievants = grievants,
                RepresentativePhone = representative?.PhoneNumber,
                RepresentativeEmail = representative?.Email,
                FiledOn = filing?.FiledOn,
                OccurredOn = claim.OccurredOn,
                DifferentialFrom = claim.DifferentialFrom,
                Step = step,
                Contract = definition?.Contract is { } contract ? new PacketContract(contract.Article, contract.Section, contract.Title) : null,
                // A filed packet is dated by its filing, so building it again gives the same file.
                PreparedAt = filing?.At,
            },
            exhibits);
    }

    // The filing is the latest journal entry of an action that freezes the packet; its first date input is the date filed.
    private async Task<PacketFiling?> FiledAsync(Claim claim, WorkflowDefinition definition, CancellationToken cancellationToken)
    {
        var filingActions = definition.Actions.Where(FreezePacketEffect.IsOn).Select(a => a.Id).ToList();
        if (filingActions.Count == 0)
        {
            return null;
        }

        var entry = (await db.Set<ClaimJournalEntry>().AsNoTracking().Where(e => e.ClaimId == claim.Id && filingActions.Contains(e.Action)).ToListAsync(cancellationToken))
            .OrderByDescending(e => e.Sequence).FirstOrDefault();
        return entry is null ? null : Filing(definition.ActionsById[entry.Action], entry.Data, entry.ToStage, entry.At);
    }

    public static PacketFiling Filing(ActionDefinition action, string data, string stage, DateTimeOffset at)
    {
        var values = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(data) ?? [];
        DateOnly? filedOn = null;
        if (action.Inputs.FirstOrDefault(i => i.Type == InputType.Date) is { } input
            && values.TryGetValue(input.Name, out var value) && value.ValueKind == JsonValueKind.String
            && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
        {
            filedOn = date;
        }

        return new PacketFiling(filedOn, stage, at);
    }

    // The step is the one the grievance is (or will be) filed at: the stage a filing action enters, as the definition names it.
    private static string? Step(WorkflowDefinition definition, PacketFiling? filing)
    {
        var stage = filing?.Stage
            ?? definition.Actions.Where(FreezePacketEffect.IsOn).SelectMany(a => a.Targets).FirstOrDefault();
        return stage is not null && definition.StagesById.TryGetValue(stage, out var found) ? found.Step : null;
    }

    // Builds into a temp file and stores it content-addressed; the builder is CPU-bound, so it runs off the request thread.
    public async Task<BuiltPacket> BuildAsync(Claim claim, IProgress<PacketProgress>? progress, CancellationToken cancellationToken, PacketFiling? filing = null)
    {
        using var activity = AppTelemetry.Source.StartActivity("packet.build");
        activity?.SetTag("ccr.claim.id", claim.Id);
        activity?.SetTag("ccr.packet.filing", filing is not null);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var built = await BuildPacketAsync(claim, progress, cancellationToken, filing);
            outcome = "built";
            activity?.SetTag("ccr.packet.pages", built.PageCount);
            return built;
        }
        finally
        {
            AppTelemetry.PacketBuildDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    private async Task<BuiltPacket> BuildPacketAsync(Claim claim, IProgress<PacketProgress>? progress, CancellationToken cancellationToken, PacketFiling? filing)
    {
        var request = await RequestAsync(claim, cancellationToken, filing);
        var temporary = Path.Combine(store.Root, ".incoming", Guid.NewGuid().ToString("N") + ".packet");
        Directory.CreateDirectory(Path.GetDirectoryName(temporary)!);
        try
        {
            PacketResult result;
            await using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
            {
                result = await Task.Run(() => Builder().Build(request, output, progress, cancellationToken), cancellationToken);
            }

            StoredContent stored;
            await using (var input = File.OpenRead(temporary))
            {
                stored = await store.SaveAsync(input, sniff: false, cancellationToken, maxBytes: long.MaxValue);
            }

            return new BuiltPacket(stored.Sha256, stored.Size, result.PageCount, Fingerprint(request), result.Exhibits);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    // A draft for one download: built into a temp file that disappears when the response closes it, so drafts do not pile up in the store.
    public async Task<FileStream> BuildDraftAsync(Claim claim, CancellationToken cancellationToken)
    {
        var request = await RequestAsync(claim, cancellationToken);
        var temporary = Path.Combine(store.Root, ".incoming", Guid.NewGuid().ToString("N") + ".draft");
        Directory.CreateDirectory(Path.GetDirectoryName(temporary)!);
        var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        try
        {
            await Task.Run(() => Builder().Build(request, output, null, cancellationToken), cancellationToken);
            output.Position = 0;
            return output;
        }
        catch
        {
            await output.DisposeAsync();
            throw;
        }
    }

    // Everything the pages are drawn from except the PDF's own timestamps: a packet previewed before filing and the one
    // frozen at filing differ only in those when this is equal.
    public static string Fingerprint(PacketRequest request)
    {
        var content = new
        {
            claim = request.Claim with { PreparedAt = null },
            exhibits = request.Exhibits.Select(e => new { e.FileName, e.CategoryTitle, e.ContentType, e.ReceivedAt, e.Sha256, e.Description }),
        };
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(content)));
    }

    public static string FileName(Claim claim, bool draft) => $"{claim.Number}-packet{(draft ? "-draft" : string.Empty)}.pdf";

    // Adds the frozen packet's SHA-256 to the data of the filing entry; the hash chain is recomputed for the changed entry.
    public static string WithPacket(string data, string sha256)
    {
        var values = JsonSerializer.Deserialize<SortedDictionary<string, string>>(data) ?? [];
        var sorted = new SortedDictionary<string, string>(values, StringComparer.Ordinal) { ["packetSha256"] = sha256 };
        return JsonSerializer.Serialize(sorted, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
