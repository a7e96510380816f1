using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallCenterRecognition.Web.Infrastructure;

// The readiness answer names each check and what it found, so an operator sees "OCR is not installed" without reading logs.
public static class HealthDetails
{
    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-store";
        return JsonSerializer.SerializeAsync(http.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }, cancellationToken: http.RequestAborted);
    }
}
