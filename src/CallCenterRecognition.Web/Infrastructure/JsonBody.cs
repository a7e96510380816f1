using System.Text;
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

        if (InvalidText(body) is { } invalid)
        {
            return (null, invalid);
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

        if (InvalidText(body) is { } invalid)
        {
            return (null, invalid);
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

    // A lone surrogate escape ("\ud800") or bytes that are not UTF-8 are valid JSON tokens until a string is read, and then throw;
    // they are found here first so the answer names the field instead of being a 500 wherever the value is next read.
    private static ValidationProblem? InvalidText(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            // Malformed JSON is described by the reader that follows, with its position.
            return null;
        }

        using (document)
        {
            return Walk(document.RootElement, "");
        }

        static ValidationProblem? Walk(JsonElement element, string path)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String when !IsText(element.GetString):
                    return Problems.Invalid(path.Length == 0 ? "body" : path, "is not valid text (a lone surrogate or bytes that are not UTF-8)");
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        if (!IsText(() => property.Name))
                        {
                            return Problems.Invalid(path.Length == 0 ? "body" : path, "has a field name that is not valid text");
                        }

                        if (Walk(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}") is { } problem)
                        {
                            return problem;
                        }
                    }

                    break;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        if (Walk(item, $"{(path.Length == 0 ? "body" : path)}[{index++}]") is { } problem)
                        {
                            return problem;
                        }
                    }

                    break;
            }

            return null;
        }

        static bool IsText(Func<string?> read)
        {
            try
            {
                var text = read();
                _ = text is null ? 0 : StrictUtf8.GetByteCount(text);
                return true;
            }
            catch (Exception ex) when (ex is InvalidOperationException or EncoderFallbackException)
            {
                return false;
            }
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

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
