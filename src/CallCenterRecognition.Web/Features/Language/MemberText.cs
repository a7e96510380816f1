namespace CallCenterRecognition.Web.Features.Language;

// The resources (MemberText.resx, .es, .zh-Hant) of every word a member reads: the member page and the member e-mails.
public sealed class MemberText;
