namespace CallCenterRecognition.Evidence.Tests.LabelledSet;

/// <summary>The labelled set: documents a California state unit could upload as evidence, with their true category
/// and the highlights they must yield.</summary>
public static class LabelledDocuments
{
    public static readonly IReadOnlyList<LabelledDocument> All =
    [
        .. DutyStatementDocuments.All, .. OrgChartDocuments.All, .. TrainingDocuments.All, .. PhoneCodeDocuments.All,
        .. QualityDocuments.All, .. EmailDocuments.All, .. SurveyDocuments.All, .. PhoneSystemDocuments.All,
        .. PerformanceDocuments.All, .. WebPageDocuments.All, .. OtherDocuments.All, .. HoldoutDocuments.All,
    ];

    /// <summary>The documents written after the suggester and the finder were settled, never tuned on.</summary>
    public static readonly IReadOnlySet<LabelledDocument> Holdout = HoldoutDocuments.All.ToHashSet();
}
