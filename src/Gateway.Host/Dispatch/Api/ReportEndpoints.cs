using System.Globalization;
using Gateway.Dispatch.Assessment;

namespace Gateway.Host.Dispatch.Api;

/// <summary>
/// /api/reports (admin): the assessment for a period (JSON, or CSV by <c>Accept: text/csv</c> or
/// <c>?format=csv</c>) and the quarterly report (JSON, or markdown by <c>Accept: text/markdown</c> or <c>?format=markdown</c>).
/// </summary>
internal static class ReportEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/reports/assessment", Assessment).RequireAuthorization(DispatchPolicies.Admin);
        api.MapGet("/reports/quarterly/{year:int}/{quarter:int}", Quarterly).RequireAuthorization(DispatchPolicies.Admin);
    }

    private static IResult Assessment(HttpRequest request, DispatchEngineHost dispatch, string? from, string? to, string? format)
    {
        if (!TryParseTime(from, out var start) || !TryParseTime(to, out var end))
            return ApiJson.Problem(StatusCodes.Status400BadRequest, "from and to are required ISO 8601 times, e.g. 2026-01-01T00:00:00+08:00");
        if (end <= start)
            return ApiJson.Problem(StatusCodes.Status400BadRequest, "to must be after from");
        var report = dispatch.Engine!.Assess(start, end);
        return Wants(request, format, "csv", "text/csv")
            ? Results.Text(AssessmentExport.ToCsv(report), "text/csv; charset=utf-8")
            : ApiJson.Ok(report);
    }

    private static IResult Quarterly(HttpRequest request, DispatchEngineHost dispatch, int year, int quarter, string? format)
    {
        if (quarter is < 1 or > 4 || year is < 2000 or > 9999)
            return ApiJson.Problem(StatusCodes.Status400BadRequest, "quarter must be 1..4 and year a four-digit year");
        var report = dispatch.Engine!.QuarterlyReport(year, quarter);
        return Wants(request, format, "markdown", "text/markdown")
            ? Results.Text(AssessmentExport.ToMarkdown(report), "text/markdown; charset=utf-8")
            : ApiJson.Ok(report);
    }

    private static bool Wants(HttpRequest request, string? format, string formatName, string mediaType) =>
        string.Equals(format, formatName, StringComparison.OrdinalIgnoreCase)
        || (format is null && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase)));

    private static bool TryParseTime(string? text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
}
