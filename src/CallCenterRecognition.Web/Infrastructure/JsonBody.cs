using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallCenterRecognition.Web.Infrastructure;

// Reads a JSON body by hand so that malformed or mistyped JSON gets a problem naming the path at fault.
public static class JsonBody
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    // Claims and actions are small; anything bigger than this is refused before it is parsed.
    public const int MaxBytes = 256 * 1024;

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body as application/json."));
        }

        var (body, tooLarge) = await BufferAsync(request, cancellationToken);
        if (tooLarge is not null)
        {
            return (null, tooLarge);
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(body.Span, Options);
            return value is null ? (null, Problems.Invalid("body", "a JSON object is required")) : (value, null);
        }
        catch (JsonException ex)
        {
            var (field, message) = Describe(ex);
            return (null, Problems.Invalid(field, message));
        }
    }

    public static async Task<(JsonElement? Value, IResult? Problem)> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body as application/json."));
        }

        var (body, tooLarge) = await BufferAsync(request, cancellationToken);
        if (tooLarge is not null)
        {
            return (null, tooLarge);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, Problems.Invalid("body", "a JSON object is required"));
            }

            return (document.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            return (null, Problems.Invalid(FieldName(ex.Path), $"is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1})"));
        }
    }

    private static async Task<(ReadOnlyMemory<byte> Body, IResult? Problem)> BufferAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var tooLarge = Problems.Status(StatusCodes.Status413PayloadTooLarge, "Request too large", $"The JSON body must be at most {MaxBytes / 1024} KB.");
        if (request.ContentLength > MaxBytes)
        {
            return (default, tooLarge);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                {
                    return (default, tooLarge);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (default, tooLarge);
        }

        return (buffer.ToArray(), null);
    }

    private static (string Field, string Message) Describe(JsonException ex)
    {
        var unmapped = System.Text.RegularExpressions.Regex.Match(ex.Message, "property '([^']{1,200})' could not be mapped");
        if (unmapped.Success)
        {
            var field = FieldName(ex.Path);
            return (field == "body" ? unmapped.Groups[1].Value : field, "is not a known field");
        }

        if (ex.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return (FieldName(ex.Path), "has the wrong type");
        }

        return (FieldName(ex.Path), $"is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1})");
    }

    private static string FieldName(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }
}
