namespace CallCenterRecognition.Workflows;

/// <summary>One fault found in a definition: where it is and what is wrong.</summary>
/// <param name="File">The file name (or a label for definitions not read from a file).</param>
/// <param name="Path">JSON path inside the file, e.g. <c>$.actions[3].to</c>.</param>
/// <param name="Message">What is wrong.</param>
public sealed record DefinitionFault(string File, string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}: {Path}: {Message}";
}

/// <summary>Thrown when one or more workflow definitions are invalid; the message names every fault.</summary>
public sealed class WorkflowDefinitionException : Exception
{
    /// <summary>Creates the exception from the faults found.</summary>
    public WorkflowDefinitionException(IReadOnlyList<DefinitionFault> faults)
        : base(Format(faults))
    {
        Faults = faults;
    }

    /// <summary>Creates the exception for another kind of configuration file checked the same way, e.g. <c>calendar</c>.</summary>
    public WorkflowDefinitionException(IReadOnlyList<DefinitionFault> faults, string kind)
        : base(Format(faults, kind))
    {
        Faults = faults;
    }

    /// <summary>Every fault found.</summary>
    public IReadOnlyList<DefinitionFault> Faults { get; }

    private static string Format(IReadOnlyList<DefinitionFault> faults, string kind = "workflow definition") =>
        "Invalid " + kind + (faults.Count == 1 ? ": " : "s:" + Environment.NewLine + "  ") +
        string.Join(Environment.NewLine + "  ", faults);
}
