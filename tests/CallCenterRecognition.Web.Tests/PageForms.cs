using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CallCenterRecognition.Web.Tests;

// Pages as a browser without script uses them: read the form's antiforgery token, sign in through the sign-in page.
internal static partial class PageForms
{
    public static async Task<string> TokenAsync(HttpClient client, string path) =>
        AntiforgeryField().Match(await client.GetStringAsync(path)).Groups[1].Value;

    public static async Task<HttpClient> SignedInClientAsync(AppFactory factory, string email)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var token = await TokenAsync(client, "/Account/Login");
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Email"] = email,
            ["Password"] = AppFactory.Password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static async Task<string> GetPageAsync(AppFactory factory, string email, string path)
    {
        using var client = await SignedInClientAsync(factory, email);
        var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
        return html;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
