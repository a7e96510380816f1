using CallCenterRecognition.Web.Data;
using CallCenterRecognition.Web.Features.Claims;
using CallCenterRecognition.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CallCenterRecognition.Web.Features.Journal;

public static class VerifyJournal
{
    public sealed record Result(Guid ClaimId, string Number, bool Valid, int Count, long? FirstBrokenSequence, string? Reason);

    public sealed class Handler(AppDbContext db)
    {
        public async Task<Result?> HandleAsync(Guid claimId, CancellationToken cancellationToken)
        {
            var claim = await db.Claims.AsNoTracking()
                .Where(c => c.Id == claimId)
                .Select(c => new { c.Id, c.Number, c.JournalSequence, c.JournalHash })
                .FirstOrDefaultAsync(cancellationToken);
            if (claim is null)
            {
                return null;
            }

            var entries = await db.JournalEntries.AsNoTracking().Where(e => e.ClaimId == claimId).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
            return Check(claim.Id, claim.Number, claim.JournalSequence, claim.JournalHash, entries);
        }

        // Every claim, a page of claims at a time so memory stays flat on a large database.
        public async IAsyncEnumerable<Result> AllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            const int batch = 500;
            Guid? after = null;
            while (true)
            {
                var claims = await db.Claims.AsNoTracking()
                    .Where(c => after == null || c.Id.CompareTo(after.Value) > 0)
                    .OrderBy(c => c.Id)
                    .Take(batch)
                    .Select(c => new { c.Id, c.Number, c.JournalSequence, c.JournalHash })
                    .ToListAsync(cancellationToken);
                if (claims.Count == 0)
                {
                    yield break;
                }

                var ids = claims.Select(c => c.Id).ToList();
                var entries = (await db.JournalEntries.AsNoTracking().Where(e => ids.Contains(e.ClaimId)).ToListAsync(cancellationToken))
                    .ToLookup(e => e.ClaimId);
                foreach (var claim in claims)
                {
                    yield return Check(claim.Id, claim.Number, claim.JournalSequence, claim.JournalHash, [.. entries[claim.Id].OrderBy(e => e.Sequence)]);
                }

                after = claims[^1].Id;
            }
        }

        private static Result Check(Guid id, string number, long headSequence, string headHash, List<ClaimJournalEntry> entries)
        {
            var chain = JournalChain.Verify(entries.Select(e => e.ToEntry()));
            if (!chain.Valid)
            {
                return new Result(id, number, false, chain.Count, chain.FirstBrokenSequence, chain.Reason);
            }

            // The claim row remembers the head of its chain, so entries cut off the end show too.
            if (entries.Count != headSequence || (entries.Count > 0 && entries[^1].Hash != headHash))
            {
                return new Result(id, number, false, chain.Count, Math.Min(entries.Count, headSequence) + 1, $"the claim's journal head is entry {headSequence}, but {entries.Count} entries are stored");
            }

            return new Result(id, number, true, chain.Count, null, null);
        }
    }
}
