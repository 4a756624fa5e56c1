using Gateway.Fax.Imaging;

namespace Gateway.Fax.Jobs;

/// <summary>
/// A fax to send. <paramref name="IdempotencyKey"/>, when given, makes a repeated submission return the
/// first job instead of sending twice (e.g. the dispatch engine's delivery-attempt key).
/// </summary>
public sealed record FaxJobRequest(
    string Destination,
    IReadOnlyList<FaxBitmap> Pages,
    FaxResolution Resolution,
    string? Reference = null,
    string? IdempotencyKey = null);
