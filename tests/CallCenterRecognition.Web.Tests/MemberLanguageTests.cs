using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallCenterRecognition.Workflows;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using static CallCenterRecognition.Web.Tests.Api;
using static CallCenterRecognition.Web.Tests.ReminderSupport;

namespace CallCenterRecognition.Web.Tests;

// Issue 21: the member reads the page, the link e-mail and the reminders in their own language.
public sealed partial class MemberLanguageTests : IDisposable
{
    private readonly FakeTimeProvider clock = new(ThursdayMorning);
    private readonly List<AppFactory> factories = [];

    public void Dispose()
    {
        foreach (var factory in factories)
        {
            factory.Dispose();
        }
    }

    private AppFactory NewFactory(bool pseudo = false)
    {
        var factory = new AppFactory { Clock = clock, TestServices = pseudo ? PseudoLocalization.Install : null };
        factories.Add(factory);
        return factory;
    }

    private static object Claim(string unit, string? language, string member = "Lucía Ramírez", string email = "lucia@example.org") => new
    {
        member = new { name = member, email, phone = "916-555-0199", language },
        department = "EDD",
        workUnit = unit,
        bargainingUnit = "4",
        classification = "Program Technician II",
        phoneSystems = new[] { "acd" },
        description = "Answers public calls through an ACD queue all day.",
    };

    // Opened, referred and accepted: in document collection, with a link e-mailed to the member.
    private async Task<(JsonElement Claim, string Url)> LinkedAsync(AppFactory factory, string unit, string? language)
    {
        var mrc = await SignInAsync(factory, Mrc);
        var rep = await SignInAsync(factory, Rep1);
        var claim = await OpenAsync(mrc, Claim(unit, language));
        claim = await FireOkAsync(mrc, claim, "refer", new { representativeId = await factory.UserIdAsync(Rep1) });
        claim = await FireOkAsync(rep, claim, "accept");
        var response = await rep.PostAsync($"/api/claims/{Id(claim)}/member-link", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (claim, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!);
    }

    private static MimeMessage LinkMail(AppFactory factory) => MimeMessage.Load(Assert.Single(Directory.GetFiles(factory.OutboxPath, "member-link-*.eml")));

    private static async Task<string> MemberPageAsync(AppFactory factory, string url, string? acceptLanguage = null)
    {
        using var member = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url).AbsolutePath);
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        var response = await member.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // Razor writes letters outside Basic Latin as character references; the browser reads them as the letters.
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenClaim_LanguageNotOffered_Returns400NamingTheAllowedList()
    {
        var factory = NewFactory();
        var mrc = await SignInAsync(factory, Mrc);

        var response = await mrc.PostAsJsonAsync("/api/claims", Claim("French Unit", "fr"));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var message = problem.GetProperty("errors").GetProperty("member.language")[0].GetString();
        Assert.Equal("must be one of en, es, zh-Hant, vi, tl, ko", message);
    }

    [Fact]
    public async Task OpenClaim_LanguageInAnyCase_StoredAsOfferedOnMemberAndFirstGrievant()
    {
        var factory = NewFactory();
        var mrc = await SignInAsync(factory, Mrc);

        var claim = await OpenAsync(mrc, Claim("Chinese Unit", "ZH-hant"));
        var english = await OpenAsync(mrc, Claim("Default Unit", null, email: "default@example.org"));

        Assert.Equal("zh-Hant", claim.GetProperty("member").GetProperty("language").GetString());
        var fetched = await GetAsync(mrc, $"/api/claims/{Id(claim)}");
        Assert.Equal("zh-Hant", fetched.GetProperty("grievants")[0].GetProperty("language").GetString());
        Assert.Equal("en", english.GetProperty("member").GetProperty("language").GetString());
    }

    [Fact]
    public async Task CorrectClaim_Language_ChangesMemberAndFirstGrievantAndRefusesUnknown()
    {
        var factory = NewFactory();
        var mrc = await SignInAsync(factory, Mrc);
        var claim = await OpenAsync(mrc, Claim("Correct Language Unit", "en"));

        var refused = await mrc.PatchAsJsonAsync($"/api/claims/{Id(claim)}", new { expectedVersion = 1, member = new { language = "klingon" } });
        var corrected = await mrc.PatchAsJsonAsync($"/api/claims/{Id(claim)}", new { expectedVersion = 1, member = new { language = "es" } });

        var problem = await ProblemAsync(refused, HttpStatusCode.BadRequest);
        Assert.Contains("en, es, zh-Hant, vi, tl, ko", problem.GetProperty("errors").GetProperty("member.language")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        var fetched = await GetAsync(mrc, $"/api/claims/{Id(claim)}");
        Assert.Equal(2, fetched.GetProperty("version").GetInt32());
        Assert.Equal("es", fetched.GetProperty("member").GetProperty("language").GetString());
        Assert.Equal("es", fetched.GetProperty("grievants")[0].GetProperty("language").GetString());
        var html = WebUtility.HtmlDecode(await PageForms.GetPageAsync(factory, Mrc, $"/claims/{Id(claim)}"));
        Assert.Contains("<dd id=\"member-language\" lang=\"es\">Español (es)</dd>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpanishMember_LinkMailReminderAndPage_AreInSpanish()
    {
        var factory = NewFactory();
        var (claim, url) = await LinkedAsync(factory, "Spanish Unit", "es");
        var number = claim.GetProperty("number").GetString()!;

        var link = LinkMail(factory);
        Assert.Equal($"Envíe documentos para su reclamo de centro de llamadas {number}", link.Subject);
        Assert.Equal("es", link.Body?.Headers[HeaderId.ContentLanguage]);
        Assert.Contains("Hola, Lucía Ramírez:", link.TextBody, StringComparison.Ordinal);
        Assert.Contains("Su representante sindical le pide que envíe documentos", link.TextBody, StringComparison.Ordinal);
        Assert.Contains("descripciones de funciones (duty statements), organigrama, y cualquier otro documento de la lista", link.TextBody, StringComparison.Ordinal);
        Assert.Contains(url, link.TextBody, StringComparison.Ordinal);
        // 30 days after Thursday 2026-03-26 10:00 PDT, in Spanish words.
        Assert.Contains("El enlace funciona hasta el sábado, 25 de abril de 2026", link.TextBody, StringComparison.Ordinal);
        Assert.Contains("(hora de California)", link.TextBody, StringComparison.Ordinal);

        var html = await MemberPageAsync(factory, url, acceptLanguage: "en-US,en;q=0.9");
        Assert.Contains("<html lang=\"es\">", html, StringComparison.Ordinal);
        Assert.Contains($"Su reclamo de centro de llamadas <span id=\"claim-number\">{number}</span>", html, StringComparison.Ordinal);
        Assert.Contains("En qué etapa está: <strong id=\"claim-stage\">Reunión de documentos</strong>.", html, StringComparison.Ordinal);
        Assert.Contains("Documentos que ayudan", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"org-charts\">Organigrama</option>", html, StringComparison.Ordinal);
        Assert.Contains("Tome una foto o elija un archivo", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Send documents", html, StringComparison.Ordinal);

        // Document collection is due Monday 2026-04-27; the member is asked 14 days before.
        clock.SetUtcNow(California(2026, 4, 14, 9));
        await RunDueAsync(factory);
        var reminder = Assert.Single(RemindersFor(factory, number), m => m.Headers["X-CCR-Template"] == "documents-requested");
        Assert.Equal(["lucia@example.org"], To(reminder));
        Assert.Equal($"Su reclamo {number}: un recordatorio", reminder.Subject);
        Assert.Contains("Estimado/a Lucía Ramírez:", reminder.TextBody, StringComparison.Ordinal);
        Assert.Contains("Usted, su delegado sindical (job steward) y su representante están reuniendo pruebas", reminder.TextBody, StringComparison.Ordinal);
        Assert.Contains("a más tardar el lunes, 27 de abril de 2026.", reminder.TextBody, StringComparison.Ordinal);
        Assert.Contains("use el enlace que le mandó su representante", reminder.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MemberPage_AcceptLanguageZhHantWithoutChoice_IsTraditionalChinese()
    {
        var factory = NewFactory();
        var (claim, url) = await LinkedAsync(factory, "Browser Chinese Unit", "en");

        var chinese = await MemberPageAsync(factory, url, acceptLanguage: "zh-Hant-TW,zh;q=0.8,en;q=0.5");
        var taiwan = await MemberPageAsync(factory, url, acceptLanguage: "zh-TW");
        var simplified = await MemberPageAsync(factory, url, acceptLanguage: "zh-CN");

        Assert.Contains("<html lang=\"zh-Hant\">", chinese, StringComparison.Ordinal);
        Assert.Contains($"您的客服中心認定申請 <span id=\"claim-number\">{claim.GetProperty("number").GetString()}</span>", chinese, StringComparison.Ordinal);
        Assert.Contains("目前進度：<strong id=\"claim-stage\">收集文件</strong>。", chinese, StringComparison.Ordinal);
        Assert.Contains("<option value=\"duty-statements\">職務說明書（duty statements）</option>", chinese, StringComparison.Ordinal);
        Assert.Contains("有幫助的文件", taiwan, StringComparison.Ordinal);
        Assert.Contains("Documents that help", simplified, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MemberPage_ExplicitChoice_BeatsStoredLanguageAndBrowser()
    {
        var factory = NewFactory();
        var (_, url) = await LinkedAsync(factory, "Switch Unit", "es");
        var path = new Uri(url).AbsolutePath;
        using var member = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        member.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Language", "zh-TW");

        var before = WebUtility.HtmlDecode(await member.GetStringAsync(path));
        var token = AntiforgeryField().Match(before).Groups[1].Value;
        var refused = await member.PostAsync(path + "?handler=Language", new FormUrlEncodedContent(new Dictionary<string, string> { ["lang"] = "en" }));
        var switched = await member.PostAsync(path + "?handler=Language", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["lang"] = "en" }));
        var after = await member.GetStringAsync(path);

        Assert.Contains("Documentos que ayudan", before, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Contains(switched.Headers.GetValues("Set-Cookie"), c => c.StartsWith("ccr.member-lang=en;", StringComparison.Ordinal) && c.Contains("path=/member", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("Documents that help", after, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\" name=\"lang\" value=\"en\" lang=\"en\" class=\"link\" aria-pressed=\"true\">English</button>", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PseudoLocalized_MemberPageAndMails_LeaveNoEnglishOfTheResourcesUnwrapped()
    {
        var factory = NewFactory(pseudo: true);
        var (claim, url) = await LinkedAsync(factory, "Pseudo Unit", "en");
        var number = claim.GetProperty("number").GetString()!;
        var words = PseudoLocalization.ResourceWords();
        var registry = factory.Services.GetRequiredService<WorkflowRegistry>();
        var definitionTexts = registry.All.SelectMany(d => d.Stages).SelectMany(s => new[] { s.Name, s.Description ?? string.Empty }).Distinct().ToArray();
        var rep1 = (await (await SignInAsync(factory, Rep1)).GetFromJsonAsync<JsonElement>("/api/representatives")).EnumerateArray().Single(r => r.GetProperty("email").GetString() == Rep1);
        string[] data =
        [
            number, "Lucía Ramírez", "lucia@example.org", url, rep1.GetProperty("name").GetString()!, Rep1, "Pseudo Unit",
            "SEIU Local 1000", "Call Center Work Group", "Member Resource Center", "866.471.SEIU (7348)", "866.471.SEIU",
            .. definitionTexts, .. Web.Features.Language.MemberLanguages.All.Select(l => l.NativeName),
        ];

        var page = PseudoLocalization.VisibleText(await MemberPageAsync(factory, url));
        var link = LinkMail(factory);
        clock.SetUtcNow(California(2026, 4, 14, 9));
        await RunDueAsync(factory);
        var reminder = Assert.Single(RemindersFor(factory, number), m => m.Headers["X-CCR-Template"] == "documents-requested");

        Assert.Equal(HttpStatusCode.NoContent, (await (await SignInAsync(factory, Rep1)).DeleteAsync($"/api/claims/{Id(claim)}/member-link")).StatusCode);
        using var anonymous = factory.CreateClient();
        var goneResponse = await anonymous.GetAsync(new Uri(url).AbsolutePath);
        var gone = PseudoLocalization.VisibleText(await goneResponse.Content.ReadAsStringAsync());

        Assert.Contains("[!! Documents that help !!]", page, StringComparison.Ordinal);
        Assert.Empty(PseudoLocalization.UnwrappedResourceWords(page, words, data));
        Assert.Equal(HttpStatusCode.Gone, goneResponse.StatusCode);
        Assert.Contains("[!! This link no longer works !!]", gone, StringComparison.Ordinal);
        Assert.Empty(PseudoLocalization.UnwrappedResourceWords(gone, words, data));
        foreach (var mail in new[] { link, reminder })
        {
            Assert.StartsWith("[!! ", mail.Subject, StringComparison.Ordinal);
            Assert.Empty(PseudoLocalization.UnwrappedResourceWords(mail.Subject + "\n" + mail.TextBody, words, data));
        }
    }

    [Fact]
    public async Task CategoryTitles_PageMailAndPacket_ComeFromOneLocalizedSource()
    {
        var factory = NewFactory(pseudo: true);
        var (claim, url) = await LinkedAsync(factory, "One Source Unit", "en");
        var rep = await SignInAsync(factory, Rep1);
        Assert.Equal(HttpStatusCode.Created, (await DocumentSupport.UploadAsync(rep, Id(claim), DocumentSupport.Pdf("org chart"), "chart.pdf", "org-charts")).StatusCode);

        var page = await MemberPageAsync(factory, url);
        var mail = LinkMail(factory).TextBody;
        var packet = await rep.GetByteArrayAsync($"/api/claims/{Id(claim)}/packet.pdf?draft=true");

        Assert.Contains("<option value=\"org-charts\">[!! Org chart !!]</option>", page, StringComparison.Ordinal);
        Assert.Contains("[!! org chart !!]", mail, StringComparison.Ordinal);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(packet);
        var text = string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        Assert.Contains("[!! Org chart !!]", text, StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
