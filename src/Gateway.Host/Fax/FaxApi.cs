using Gateway.Fax.Imaging;
using Gateway.Fax.Jobs;
using Gateway.Fax.Modem;
using Gateway.Fax.Rendering;
using Gateway.Host.Security;

namespace Gateway.Host.Fax;

/// <summary>Order text for <c>POST /api/fax/jobs</c> (JSON).</summary>
public sealed record FaxOrderRequest(
    string Number,
    string Title,
    string OrderNumber,
    string Urgency,
    string Unit,
    string Text,
    string Location,
    string Contact,
    string Dispatcher,
    DateTimeOffset? Time = null,
    string? IdempotencyKey = null);

/// <summary>A job as the API shows it (enums as names).</summary>
public sealed record FaxJobView(
    string Id, string Destination, string Resolution, int PageCount, string ArchivePath, string? Reference,
    DateTimeOffset CreatedAt, string Status, string? LastReason, IReadOnlyList<FaxAttemptView> Attempts)
{
    public static FaxJobView Of(FaxJob job) => new(
        job.Id, job.Destination, job.Resolution.ToString(), job.PageCount, job.ArchivePath, job.Reference, job.CreatedAt,
        job.Status.ToString(), job.LastReason,
        [.. job.Attempts.Select(a => new FaxAttemptView(a.Number, a.Modem, a.StartedAt, a.EndedAt, a.Outcome?.ToString(), a.Reason, a.HangupCode, a.PagesConfirmed))]);
}

public sealed record FaxAttemptView(
    int Number, string Modem, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? Outcome, string? Reason, string? HangupCode, int PagesConfirmed);

/// <summary>HTTP API: send an order or an image file by fax; read a job's status, attempts and archive path.</summary>
internal static class FaxApi
{
    private const long MaxUploadBytes = 20 * 1024 * 1024;

    public static void Map(IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/fax/jobs").RequireAuthorization(ApiRoles.Dispatcher);
        jobs.MapPost("", SubmitAsync).DisableAntiforgery();
        jobs.MapGet("/{id}", (string id, FaxGateway fax) =>
            fax.Scheduler?.Find(id) is { } job ? Results.Ok(FaxJobView.Of(job)) : Results.NotFound(new { error = $"no fax job '{id}'" }));
    }

    private static async Task<IResult> SubmitAsync(HttpRequest request, FaxGateway fax, TimeProvider time, CancellationToken cancellationToken)
    {
        if (fax.Scheduler is not { } scheduler)
            return Results.Problem("no fax modem configured or started", statusCode: StatusCodes.Status503ServiceUnavailable);

        FaxJobRequest job;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            string number = form["number"].ToString();
            if (form.Files.GetFile("file") is not { } file)
                return Results.BadRequest(new { error = "multipart upload needs a 'file' (PBM, PNG or TIFF) and a 'number'" });
            if (file.Length > MaxUploadBytes)
                return Results.BadRequest(new { error = $"file larger than {MaxUploadBytes} bytes" });
            if (!FaxDialString.IsValid(number))
                return Results.BadRequest(new { error = "number: digits, '+', '*', '#', ',' and 'W' only" });
            IReadOnlyList<FaxBitmap> pages;
            try
            {
                pages = await LoadImageAsync(file, fax.Options.Resolution, cancellationToken);
            }
            catch (Exception failure) when (failure is InvalidDataException or FormatException or NotSupportedException or ArgumentException or IOException)
            {
                return Results.BadRequest(new { error = $"file: not a readable PBM, PNG or TIFF image ({failure.Message})" });
            }

            job = new FaxJobRequest(number, pages, fax.Options.Resolution, Reference: "upload:" + file.FileName, IdempotencyKey: NullIfEmpty(form["idempotencyKey"].ToString()));
        }
        else
        {
            var order = await request.ReadFromJsonAsync<FaxOrderRequest>(cancellationToken);
            if (order is null || !FaxDialString.IsValid(order.Number))
                return Results.BadRequest(new { error = "JSON order with a valid 'number' (digits, '+', '*', '#', ',' and 'W') expected" });
            var pages = fax.Render(new FaxOrder(
                order.Title, order.OrderNumber, order.Urgency, order.Unit, order.Text, order.Location, order.Contact,
                order.Time ?? time.GetUtcNow().ToOffset(TimeSpan.FromHours(8)), order.Dispatcher));
            job = new FaxJobRequest(order.Number, pages, fax.Options.Resolution, Reference: "api:" + order.OrderNumber, IdempotencyKey: order.IdempotencyKey);
        }

        FaxJob accepted = await scheduler.SubmitAsync(job, cancellationToken);
        return Results.Accepted($"/api/fax/jobs/{accepted.Id}", FaxJobView.Of(accepted));
    }

    private static async Task<IReadOnlyList<FaxBitmap>> LoadImageAsync(IFormFile file, FaxResolution resolution, CancellationToken cancellationToken)
    {
        string extension = Path.GetExtension(file.FileName).ToLowerInvariant() is { Length: > 0 and <= 5 } ext ? ext : ".img";
        string path = Path.Combine(Path.GetTempPath(), $"gateway-fax-{Guid.NewGuid():N}{extension}");
        try
        {
            await using (var target = File.Create(path))
                await file.CopyToAsync(target, cancellationToken);
            return FaxImagePages.Load(path, resolution);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
