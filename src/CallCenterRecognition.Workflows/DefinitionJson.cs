using System.Text.Json;

namespace CallCenterRecognition.Workflows;

/// <summary>
/// Reads typed values out of a definition's JSON, naming the JSON path of every fault, and refuses keys an object may not
/// have, so a typo (<c>"repeats"</c> for <c>"repeat"</c>) is an error instead of a setting silently ignored.
/// </summary>
internal sealed class DefinitionJson(string file, List<DefinitionFault> faults)
{
    public string File => file;

    public int FaultCount => faults.Count;

    public void Fault(string path, string message) => faults.Add(new DefinitionFault(file, path, message));

    /// <summary>True when <paramref name="element"/> is an object; every key not in <paramref name="allowed"/> is a fault.</summary>
    public bool Object(JsonElement element, string path, IReadOnlyCollection<string> allowed)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Fault(path, "expected an object");
            return false;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                var near = allowed.Where(a => Distance(a, property.Name) <= 2).OrderBy(a => Distance(a, property.Name)).FirstOrDefault();
                Fault($"{path}.{property.Name}", near is null
                    ? $"unknown key '{property.Name}'; allowed here: {string.Join(", ", allowed)}"
                    : $"unknown key '{property.Name}' (did you mean '{near}'?)");
            }
        }

        return true;
    }

    public string? RequiredId(JsonElement element, string path)
    {
        var id = RequiredString(element, path, "id");
        if (id is not null && !IsId(id))
        {
            Fault(path + ".id", $"'{id}' is not a valid id (lower-case letters, digits and hyphens)");
            return null;
        }

        return id;
    }

    public static bool IsId(string id) =>
        id.Length is > 0 and <= 64 && char.IsAsciiLetterLower(id[0]) && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    public IEnumerable<(JsonElement Element, string Path)> Array(JsonElement parent, string path, string property, bool required)
    {
        if (!parent.TryGetProperty(property, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Fault($"{path}.{property}", "missing");
            }

            return [];
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            Fault($"{path}.{property}", "expected an array");
            return [];
        }

        return array.EnumerateArray().Select((e, i) => (e, $"{path}.{property}[{i}]")).ToList();
    }

    public List<string> StringArray(JsonElement parent, string path, string property, bool required)
    {
        var result = new List<string>();
        foreach (var (element, itemPath) in Array(parent, path, property, required))
        {
            if (element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 } value)
            {
                result.Add(value);
            }
            else
            {
                Fault(itemPath, "expected a non-empty string");
            }
        }

        return result;
    }

    public string? RequiredString(JsonElement parent, string path, string property)
    {
        var value = OptionalString(parent, path, property);
        if (value is null && (!parent.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null))
        {
            Fault($"{path}.{property}", "missing");
        }

        return value;
    }

    public string? OptionalString(JsonElement parent, string path, string property)
    {
        if (!parent.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(element.GetString()))
        {
            Fault($"{path}.{property}", "expected a non-empty string");
            return null;
        }

        return element.GetString();
    }

    /// <summary>
    /// A member-visible text: a string (English) or an object of language tag to text that must hold <c>en</c>. Null when
    /// absent or refused; the fault names the path.
    /// </summary>
    public IReadOnlyDictionary<string, string>? OptionalTexts(JsonElement parent, string path, string property)
    {
        if (!parent.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            var single = OptionalString(parent, path, property);
            return single is null ? null : new Dictionary<string, string>(StringComparer.Ordinal) { [LocalizedTexts.English] = single };
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            Fault($"{path}.{property}", "expected a non-empty string or an object of language tag to text, e.g. {\"en\": \"…\", \"es\": \"…\"}");
            return null;
        }

        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in element.EnumerateObject())
        {
            if (!LocalizedTexts.IsLanguageTag(text.Name))
            {
                Fault($"{path}.{property}.{text.Name}", $"'{text.Name}' is not a language tag (e.g. en, es, zh-Hant)");
            }
            else if (text.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(text.Value.GetString()))
            {
                Fault($"{path}.{property}.{text.Name}", "expected a non-empty string");
            }
            else
            {
                texts[text.Name] = text.Value.GetString()!;
            }
        }

        if (!texts.ContainsKey(LocalizedTexts.English))
        {
            Fault($"{path}.{property}.en", "missing: English is the text every other language falls back to");
            return null;
        }

        return texts;
    }

    public IReadOnlyDictionary<string, string>? RequiredTexts(JsonElement parent, string path, string property)
    {
        var value = OptionalTexts(parent, path, property);
        if (value is null && (!parent.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null))
        {
            Fault($"{path}.{property}", "missing");
        }

        return value;
    }

    public int? RequiredInt(JsonElement parent, string path, string property)
    {
        var value = OptionalInt(parent, path, property);
        if (value is null && (!parent.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null))
        {
            Fault($"{path}.{property}", "missing");
        }

        return value;
    }

    public int? OptionalInt(JsonElement parent, string path, string property)
    {
        if (!parent.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var value))
        {
            Fault($"{path}.{property}", "expected a whole number");
            return null;
        }

        return value;
    }

    public bool? OptionalBool(JsonElement parent, string path, string property)
    {
        if (!parent.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Fault($"{path}.{property}", "expected true or false");
            return null;
        }

        return element.GetBoolean();
    }

    public WorkflowDuration? OptionalDuration(JsonElement parent, string path, string property)
    {
        if (!parent.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText();
        if (element.ValueKind != JsonValueKind.String || !WorkflowDuration.TryParse(text, out var duration))
        {
            Fault($"{path}.{property}", $"malformed duration '{text}': write e.g. \"10 business days\" or \"30 calendar days\"");
            return null;
        }

        return duration;
    }

    /// <summary>Levenshtein distance, for the "did you mean" of an unknown key; keys are short.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
